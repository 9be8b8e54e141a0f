//! The OpenAPI description of the API, generated from the handlers and wire types.

use axum::Json;
use utoipa::{IntoParams, OpenApi};

/// The filters every search-like endpoint takes. Facet parameters repeat:
/// `place=Leeds&place=Wakefield`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct FilterParams {
    /// Words, "phrases", AND/OR/NOT, field:value (theme:Discharge, place:"Inner East").
    q: Option<String>,
    /// Place: a full path (West Yorkshire/Leeds) or its last part (Leeds); repeatable.
    place: Option<Vec<String>>,
    /// Population segment; repeatable.
    segment: Option<Vec<String>>,
    /// Theme; repeatable.
    theme: Option<Vec<String>>,
    /// Community of interest; repeatable.
    community: Option<Vec<String>>,
    /// Kind of source; repeatable.
    kind: Option<Vec<String>>,
    /// Method; repeatable.
    method: Option<Vec<String>>,
    /// Organisation; repeatable.
    organisation: Option<Vec<String>>,
    /// Participation level; repeatable.
    participation: Option<Vec<String>>,
    /// Language code; repeatable.
    language: Option<Vec<String>>,
    /// Visibility; repeatable.
    visibility: Option<Vec<String>>,
    /// Status of a forward-plan activity or a "You said, we did" action; repeatable.
    status: Option<Vec<String>>,
    /// Sentiment as the learned model judged it: positive, neutral or negative; repeatable.
    sentiment: Option<Vec<String>>,
    /// Passages whose date or period ends on or after this day (yyyy-mm-dd); empty is none.
    #[param(
        pattern = r"^((\d{4})-(((0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8]))|((0[13-9]|1[0-2])-(29|30))|((0[13578]|1[02])-31)))?$"
    )]
    from: Option<String>,
    /// Passages whose date or period starts on or before this day (yyyy-mm-dd); empty is
    /// none; before `from`, an empty period: nothing matches.
    #[param(
        pattern = r"^((\d{4})-(((0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8]))|((0[13-9]|1[0-2])-(29|30))|((0[13578]|1[02])-31)))?$"
    )]
    to: Option<String>,
}

/// How the words of `q` are matched, for the endpoints that take a slice (export,
/// changes).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct WordParams {
    /// true: every word of `q` required as written, no themes or near spellings (a
    /// stable slice for a mirror).
    exact: Option<bool>,
    /// false: search only the words of `q`, not also the themes they name (default true).
    expand_themes: Option<bool>,
}

/// Search parameters: the filters plus order, paging and grouping.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct SearchParams {
    /// Words as people type them (passages with all the words first, then with most of
    /// them; the themes the words name; near spellings of rare words), or query syntax
    /// with its exact meaning: "phrases", AND/OR/NOT, +/-, brackets, field:value.
    q: Option<String>,
    /// true: every word required as written, no themes or near spellings.
    exact: Option<bool>,
    /// false: search only the words, not also the themes they name (default true).
    expand_themes: Option<bool>,
    /// Place: full path or last part; repeatable.
    place: Option<Vec<String>>,
    /// Population segment; repeatable.
    segment: Option<Vec<String>>,
    /// Theme; repeatable.
    theme: Option<Vec<String>>,
    /// Community of interest; repeatable.
    community: Option<Vec<String>>,
    /// Kind of source; repeatable.
    kind: Option<Vec<String>>,
    /// Method; repeatable.
    method: Option<Vec<String>>,
    /// Organisation; repeatable.
    organisation: Option<Vec<String>>,
    /// Participation level; repeatable.
    participation: Option<Vec<String>>,
    /// Language code; repeatable.
    language: Option<Vec<String>>,
    /// Visibility; repeatable.
    visibility: Option<Vec<String>>,
    /// Status of a forward-plan activity or a "You said, we did" action; repeatable.
    status: Option<Vec<String>>,
    /// Sentiment as the learned model judged it: positive, neutral or negative; repeatable.
    sentiment: Option<Vec<String>>,
    /// yyyy-mm-dd; empty is none.
    #[param(
        pattern = r"^((\d{4})-(((0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8]))|((0[13-9]|1[0-2])-(29|30))|((0[13578]|1[02])-31)))?$"
    )]
    from: Option<String>,
    /// yyyy-mm-dd; empty is none; before `from`, an empty period: nothing matches.
    #[param(
        pattern = r"^((\d{4})-(((0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8]))|((0[13-9]|1[0-2])-(29|30))|((0[13578]|1[02])-31)))?$"
    )]
    to: Option<String>,
    /// relevance (default), newest or oldest; empty is the default.
    #[param(pattern = "^(relevance|newest|oldest)?$")]
    sort: Option<String>,
    /// 1-based page.
    #[param(minimum = 1, maximum = 1000)]
    page: Option<usize>,
    /// Hits per page (default 20).
    #[param(minimum = 1, maximum = 100)]
    per_page: Option<usize>,
    /// `document` to collapse passages by source document; `passage`, `none` or empty
    /// for one hit per passage.
    #[param(pattern = "^(document|passage|none)?$")]
    group: Option<String>,
}

/// A proposed engagement to check for overlaps. Every field is optional, but a title or
/// a description must say something: the schema says so as `anyOf`; unknown fields are
/// refused.
pub struct ProposalDoc;

/// yyyy-mm-dd, a real day (February up to the 28th; the 29th is accepted by the server),
/// or empty.
const DAY_OR_EMPTY: &str = r"^((\d{4})-(((0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8]))|((0[13-9]|1[0-2])-(29|30))|((0[13578]|1[02])-31)))?$";

impl utoipa::PartialSchema for ProposalDoc {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{
            AdditionalProperties, AllOfBuilder, AnyOfBuilder, ArrayBuilder, ObjectBuilder, Type,
        };
        let text = |description: &str| {
            ObjectBuilder::new()
                .schema_type(Type::String)
                .description(Some(description))
        };
        let list = |description: &str| {
            ArrayBuilder::new()
                .items(ObjectBuilder::new().schema_type(Type::String))
                .description(Some(description))
        };
        let day = |description: &str| {
            ObjectBuilder::new()
                .schema_type(
                    [Type::String, Type::Null]
                        .into_iter()
                        .collect::<utoipa::openapi::schema::SchemaType>(),
                )
                .pattern(Some(DAY_OR_EMPTY))
                .description(Some(description))
        };
        let fields = ObjectBuilder::new()
            .property("title", text("What the engagement is called."))
            .property("description", text("What it asks, of whom, where and how."))
            .property("places", list("Places: taxonomy paths, last segments or gazetteer names."))
            .property("segments", list("Population segments."))
            .property("audiences", list("Target audience: communities of interest, or \"general public\" (also \"residents\", \"patients\")."))
            .property("themes", list("Themes."))
            .property("start", day("First day, yyyy-mm-dd; empty or null for none."))
            .property("end", day("Last day, yyyy-mm-dd; empty or null for none."))
            .additional_properties(Some(AdditionalProperties::FreeForm(false)));
        let says = |field: &str| {
            ObjectBuilder::new()
                .property(
                    field,
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .pattern(Some(r"\S")),
                )
                .required(field)
        };
        AllOfBuilder::new()
            .item(fields)
            .item(
                AnyOfBuilder::new()
                    .item(says("title"))
                    .item(says("description")),
            )
            .into()
    }
}

impl utoipa::ToSchema for ProposalDoc {}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Insight bank API",
        description = "Search what people told health and care partnerships: passages from engagement reports, survey responses and workshop notes, tagged by place, segment, theme and community. Without an API key every answer holds public material only."
    ),
    paths(
        crate::routes::search,
        crate::routes::passage,
        crate::routes::document,
        crate::routes::facets,
        crate::routes::timeline,
        crate::routes::export,
        crate::routes::changes,
        crate::routes::health,
        crate::routes::overlap,
        crate::routes::trends,
        crate::routes::topics,
        crate::routes::coverage,
        crate::contribute::upload,
        crate::contribute::list,
        crate::contribute::show,
        crate::contribute::publish,
        crate::contribute::set_metadata,
        crate::contribute::withdraw,
    ),
    modifiers(&ApiKeys),
    // a key is optional: without one, only public material exists
    security((), ("api_key" = []), ("bearer" = []))
)]
pub struct ApiDoc;

/// Declares the two ways to present an API key.
struct ApiKeys;

impl utoipa::Modify for ApiKeys {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{
            ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme,
        };
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("`Authorization: Bearer KEY`: a key made with `insight keys add`. A partner key adds partners material and what is restricted to its organisation; a contributor key sees what a partner key sees and may add its organisation's sources (/api/sources); an admin key sees everything; an unknown key is refused with 401 invalid_key"))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "api_key",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new(crate::caller::KEY_HEADER))),
        );
    }
}

/// The OpenAPI document, with the values each facet filter takes for this caller: the
/// values in the index that the caller may see (as full paths, and empty for none), as
/// the `enum` of the parameter's items. A value outside them is refused with the values
/// it might have meant, so the document lists what is accepted today; it changes as the
/// index does.
pub async fn document(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    axum::extract::Extension(caller): axum::extract::Extension<crate::caller::Caller>,
) -> Result<Json<serde_json::Value>, crate::ApiError> {
    let values = crate::routes::blocking(&state.index, move |index| {
        let results = index.search(&insight_index::SearchRequest {
            limit: 1,
            access: caller.access,
            ..Default::default()
        })?;
        let privacy = crate::privacy::Privacy::of(index)?;
        let mut values: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        for field in insight_index::FacetField::ALL {
            let mut list: Vec<String> = vec![String::new()];
            for count in results.facets.get(field.name()).into_iter().flatten() {
                if field == insight_index::FacetField::Community
                    && privacy.is_equality(&count.value)
                {
                    continue;
                }
                list.push(count.value.clone());
            }
            list.sort();
            values.insert(field.name().to_string(), list);
        }
        Ok(values)
    })
    .await?;
    let mut document = serde_json::to_value(ApiDoc::openapi()).expect("the document serialises");
    if let Some(paths) = document.get_mut("paths").and_then(|p| p.as_object_mut()) {
        for operation in paths.values_mut().filter_map(|p| p.as_object_mut()) {
            for method in operation.values_mut() {
                let Some(parameters) = method.get_mut("parameters").and_then(|p| p.as_array_mut())
                else {
                    continue;
                };
                for parameter in parameters {
                    let Some(name) = parameter
                        .get("name")
                        .and_then(|n| n.as_str())
                        .map(str::to_string)
                    else {
                        continue;
                    };
                    let (Some(list), Some(items)) =
                        (values.get(&name), parameter.pointer_mut("/schema/items"))
                    else {
                        continue;
                    };
                    items["enum"] = serde_json::json!(list);
                }
            }
        }
    }
    Ok(Json(document))
}
