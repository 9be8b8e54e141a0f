//! Who is reading, and so which sources exist for them: the rule that turns a source's
//! visibility and owning organisation into seen or unseen.

use crate::vocabulary::Visibility;

/// What a reader may see. Without a key a reader sees public material only; a
/// partner's key adds material shared with partners and material restricted to the
/// key's organisation; an administrator (or the command line, which reads the index
/// files directly) sees everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub enum Access {
    /// Public material only.
    #[default]
    Public,
    /// Public and partners material, and what is restricted to this organisation.
    Partner { organisation: String },
    /// Everything.
    Everything,
}

impl Access {
    /// Whether a source (or passage) of this visibility, owned by `organisation`, is
    /// seen. Organisation names compare without regard to case or spacing.
    pub fn may_see(&self, visibility: Visibility, organisation: Option<&str>) -> bool {
        match (self, visibility) {
            (Access::Everything, _) | (_, Visibility::Public) => true,
            (Access::Public, _) => false,
            (Access::Partner { .. }, Visibility::Partners) => true,
            (Access::Partner { organisation: own }, Visibility::Restricted) => {
                organisation.is_some_and(|owner| same_organisation(owner, own))
            }
        }
    }
}

/// Organisation names as people type them: "Leeds  teaching hospitals" is "Leeds
/// Teaching Hospitals".
pub fn same_organisation(a: &str, b: &str) -> bool {
    let words = |s: &str| {
        s.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    words(a) == words(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_reader_sees_what_the_rule_says() {
        let leeds = Access::Partner {
            organisation: "Leeds Teaching Hospitals".into(),
        };
        let cases = [
            (Access::Public, Visibility::Public, None, true),
            (Access::Public, Visibility::Partners, None, false),
            (
                Access::Public,
                Visibility::Restricted,
                Some("Leeds Teaching Hospitals"),
                false,
            ),
            (
                leeds.clone(),
                Visibility::Partners,
                Some("Carers Leeds"),
                true,
            ),
            (
                leeds.clone(),
                Visibility::Restricted,
                Some("leeds  teaching HOSPITALS"),
                true,
            ),
            (
                leeds.clone(),
                Visibility::Restricted,
                Some("Carers Leeds"),
                false,
            ),
            (leeds, Visibility::Restricted, None, false),
            (Access::Everything, Visibility::Restricted, None, true),
        ];
        for (access, visibility, organisation, expected) in cases {
            assert_eq!(
                access.may_see(visibility, organisation),
                expected,
                "{access:?} {visibility} {organisation:?}"
            );
        }
    }
}
