//! The fixed vocabularies of the product: the tag facets, and the kinds, methods,
//! participation levels and visibilities a source can have.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A value that is not one of a fixed vocabulary's words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not a known {what}; use one of: {choices}")]
pub struct VocabularyError {
    pub what: &'static str,
    pub value: String,
    pub choices: String,
}

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $what:literal, { $($(#[$vmeta:meta])* $variant:ident => $word:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $word)] $variant),+
        }

        impl $name {
            /// Every value, in documentation order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The word used in files, the index, the API and the UI.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = VocabularyError;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                let wanted = squash(value);
                $(
                    if wanted == squash($word) $(|| wanted == squash($alias))* {
                        return Ok($name::$variant);
                    }
                )+
                Err(VocabularyError {
                    what: $what,
                    value: value.to_string(),
                    choices: [$($word),+].join(", "),
                })
            }
        }
    };
}

/// Lowercase, with spaces, hyphens and underscores removed: "Focus-group" == "focus group".
fn squash(value: &str) -> String {
    value
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_' | '\'' | '"'))
        .flat_map(char::to_lowercase)
        .collect()
}

vocabulary!(
    /// The four tag facets, each a hierarchy kept in the taxonomy.
    Facet, "facet", {
        Place => "place" | "places",
        Segment => "segment" | "segments",
        Theme => "theme" | "themes",
        Community => "community" | "communities",
    }
);

vocabulary!(
    /// What sort of source a passage comes from.
    Kind, "kind", {
        EngagementReport => "engagement report" | "report",
        ConsultationReport => "consultation report" | "consultation",
        Survey => "survey" | "survey response" | "survey responses",
        WorkshopNotes => "workshop notes" | "notes" | "workshop note",
        ForwardPlanActivity => "forward plan activity" | "activity" | "forward plan",
        YouSaidWeDid => "you said we did" | "you said, we did" | "ysd",
    }
);

vocabulary!(
    /// How the insight was gathered.
    Method, "method", {
        Survey => "survey" | "questionnaire",
        FocusGroup => "focus group" | "focus groups",
        Workshop => "workshop" | "workshops",
        Interview => "interview" | "interviews",
        PublicEvent => "public event" | "event" | "drop in",
        OnlineDiscussion => "online discussion" | "online",
        CommunityConversation => "community conversation" | "community conversations",
    }
);

vocabulary!(
    /// The level on the spectrum of participation.
    Participation, "participation level", {
        Inform => "inform",
        Consult => "consult",
        Involve => "involve",
        Collaborate => "collaborate",
        Empower => "empower" | "coproduction" | "co production",
    }
);

vocabulary!(
    /// Who may see a source.
    Visibility, "visibility", {
        Public => "public",
        Partners => "partners",
        Restricted => "restricted",
    }
);

vocabulary!(
    /// The tone of a passage: learned from labelled feedback (see `learn`).
    Sentiment, "sentiment", {
        Positive => "positive" | "very positive",
        /// Mixed or neutral.
        Neutral => "neutral" | "mixed" | "mixed or neutral",
        Negative => "negative" | "very negative",
    }
);

impl Facet {
    /// The front matter and mapping key for this facet's values ("places").
    pub fn plural(self) -> &'static str {
        match self {
            Facet::Place => "places",
            Facet::Segment => "segments",
            Facet::Theme => "themes",
            Facet::Community => "communities",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_parse_loosely_and_errors_list_choices() {
        assert_eq!("Focus-Group".parse::<Method>(), Ok(Method::FocusGroup));
        assert_eq!(
            "co-production".parse::<Participation>(),
            Ok(Participation::Empower)
        );
        assert_eq!("Workshop Notes".parse::<Kind>(), Ok(Kind::WorkshopNotes));
        let error = "secret".parse::<Visibility>().unwrap_err();
        assert_eq!(
            error.to_string(),
            "`secret` is not a known visibility; use one of: public, partners, restricted"
        );
    }
}
