//! API keys: who a request comes from, and so what it may see. The keys file (TOML)
//! holds each key's id, role, organisation and BLAKE3 hash, never the key itself; a
//! request presents the key, the server hashes it and looks the hash up.
//!
//! Keys are 256 random bits, so a fast hash is enough: there is nothing to guess from
//! the hash (a password, by contrast, would need a slow hash).

use insight_model::Access;
use serde::Deserialize;
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// What a key may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Public material only, but the requests are known by the key's id (an API
    /// consumer such as another system).
    Public,
    /// A partner organisation: public and partners material, and what is restricted to
    /// its own organisation.
    Partner,
    /// A partner organisation that also adds its own sources (`/api/sources`): it sees
    /// what a partner key sees, and writes only in its organisation's folder.
    Contributor,
    /// Everything.
    Admin,
}

impl Role {
    pub const CHOICES: &'static str = "public, partner, contributor, admin";

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Public => "public",
            Role::Partner => "partner",
            Role::Contributor => "contributor",
            Role::Admin => "admin",
        }
    }
}

impl std::str::FromStr for Role {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text.trim().to_lowercase().as_str() {
            "public" => Ok(Role::Public),
            "partner" => Ok(Role::Partner),
            "contributor" => Ok(Role::Contributor),
            "admin" => Ok(Role::Admin),
            other => Err(format!(
                "`{other}` is not a role; use one of: {}",
                Role::CHOICES
            )),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One key as the keys file lists it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiKey {
    /// A name for the key, shown in the request log (e.g. `leeds-lth-engagement`).
    pub id: String,
    pub role: Role,
    /// The organisation the key belongs to, spelt as sources name it.
    #[serde(default)]
    pub organisation: Option<String>,
    /// `blake3:` and the hex BLAKE3 hash of the key.
    pub hash: String,
    /// When the key was made (yyyy-mm-dd); for people.
    #[serde(default)]
    pub created: Option<String>,
}

impl ApiKey {
    /// What a request with this key may see.
    pub fn access(&self) -> Access {
        match (self.role, &self.organisation) {
            (Role::Admin, _) => Access::Everything,
            (Role::Partner | Role::Contributor, Some(organisation)) => Access::Partner {
                organisation: organisation.clone(),
            },
            // a partner or contributor key without an organisation is refused when loading
            (Role::Partner | Role::Contributor, None) | (Role::Public, _) => Access::Public,
        }
    }
}

/// A keys file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    /// The file cannot be read.
    #[error("cannot read the keys file {path}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file is not a valid keys file.
    #[error("keys file {path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeysFile {
    #[serde(default)]
    key: Vec<ApiKey>,
}

/// The keys a server accepts, by hash.
#[derive(Debug, Default)]
pub struct KeyStore {
    keys: Vec<ApiKey>,
    by_hash: HashMap<String, usize>,
}

impl KeyStore {
    /// Reads and checks a keys file.
    pub fn load(path: &Path) -> Result<Self, KeyFileError> {
        let text = std::fs::read_to_string(path).map_err(|source| KeyFileError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(&text).map_err(|message| KeyFileError::Invalid {
            path: path.to_path_buf(),
            message,
        })
    }

    /// Checks the text of a keys file: every key has a unique id and hash, a known
    /// role, and a partner key an organisation.
    pub fn parse(text: &str) -> Result<Self, String> {
        let file: KeysFile = toml::from_str(text).map_err(|error| {
            format!("{error}; each key is a [[key]] table with id, role (public, partner, contributor or admin), organisation and hash")
        })?;
        let mut store = KeyStore::default();
        for (position, key) in file.key.into_iter().enumerate() {
            let name = if key.id.trim().is_empty() {
                return Err(format!(
                    "key number {} has an empty id; give it a name such as `bradford-engagement`",
                    position + 1
                ));
            } else {
                key.id.clone()
            };
            if store.keys.iter().any(|k| k.id == key.id) {
                return Err(format!("two keys are called `{name}`; ids must be unique"));
            }
            let Some(hex) = key.hash.strip_prefix("blake3:") else {
                return Err(format!("key `{name}`: the hash must start with `blake3:`; make keys with `insight keys add`"));
            };
            if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(format!("key `{name}`: the hash must be `blake3:` and 64 hex digits; make keys with `insight keys add`"));
            }
            if matches!(key.role, Role::Partner | Role::Contributor)
                && key
                    .organisation
                    .as_deref()
                    .is_none_or(|o| o.trim().is_empty())
            {
                return Err(format!("key `{name}`: a {} key needs the organisation it belongs to, spelt as the sources name it", key.role));
            }
            let hash = hex.to_ascii_lowercase();
            if store.by_hash.contains_key(&hash) {
                return Err(format!(
                    "key `{name}` has the same hash as another key; give each key its own"
                ));
            }
            store.by_hash.insert(hash, store.keys.len());
            store.keys.push(key);
        }
        Ok(store)
    }

    /// The key a request presented, if it is one of ours.
    pub fn authenticate(&self, presented: &str) -> Option<&ApiKey> {
        let hash = hash_key(presented.trim());
        let hex = hash
            .strip_prefix("blake3:")
            .expect("hash_key writes the prefix");
        self.by_hash.get(hex).map(|&position| &self.keys[position])
    }

    pub fn keys(&self) -> &[ApiKey] {
        &self.keys
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// `blake3:` and the hex hash of a key, as the keys file stores it.
pub fn hash_key(key: &str) -> String {
    format!("blake3:{}", blake3::hash(key.as_bytes()).to_hex())
}

/// A new random key: `ik_` and 64 hex digits (256 bits from the operating system).
pub fn new_key() -> std::io::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|error| std::io::Error::other(error.to_string()))?;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!("ik_{hex}"))
}

/// The `[[key]]` table to append to a keys file for a new key.
pub fn key_entry(
    id: &str,
    role: Role,
    organisation: Option<&str>,
    hash: &str,
    created: &str,
) -> String {
    let quote = |text: &str| toml::Value::String(text.to_string()).to_string();
    let mut entry = format!(
        "\n[[key]]\nid = {}\nrole = {}\n",
        quote(id),
        quote(role.as_str())
    );
    if let Some(organisation) = organisation {
        entry.push_str(&format!("organisation = {}\n", quote(organisation)));
    }
    entry.push_str(&format!(
        "hash = {}\ncreated = {}\n",
        quote(hash),
        quote(created)
    ));
    entry
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_refused(text: &str, expected: &str) {
        let error = KeyStore::parse(text).unwrap_err();
        assert!(error.contains(expected), "{error}");
    }

    #[test]
    fn a_made_key_is_found_by_its_hash_and_only_by_it() {
        let key = new_key().unwrap();
        assert!(key.starts_with("ik_") && key.len() == 67);
        assert_ne!(key, new_key().unwrap());
        let text = key_entry(
            "leeds",
            Role::Partner,
            Some("Leeds \"Teaching\" Hospitals"),
            &hash_key(&key),
            "2026-11-22",
        );
        let store = KeyStore::parse(&text).unwrap();
        let found = store.authenticate(&key).unwrap();
        assert_eq!(found.id, "leeds");
        assert_eq!(
            found.access(),
            Access::Partner {
                organisation: "Leeds \"Teaching\" Hospitals".into()
            }
        );
        assert!(store.authenticate("ik_0").is_none());
        assert!(store.authenticate(&key[..66]).is_none());
        assert!(!text.contains(&key), "the file never holds the key");
    }

    #[test]
    fn bad_files_are_refused_with_the_fix() {
        let hash = hash_key("x");
        check_refused(
            "[[key]]\nid = \"a\"\nrole = \"boss\"\nhash = \"h\"",
            "unknown variant `boss`",
        );
        check_refused(
            &format!("[[key]]\nid = \"a\"\nrole = \"partner\"\nhash = \"{hash}\""),
            "needs the organisation",
        );
        check_refused(
            "[[key]]\nid = \"a\"\nrole = \"admin\"\nhash = \"abc\"",
            "must start with `blake3:`",
        );
        check_refused(
            &format!("[[key]]\nid = \"a\"\nrole = \"admin\"\nhash = \"{hash}\"\n[[key]]\nid = \"a\"\nrole = \"admin\"\nhash = \"{}\"", hash_key("y")),
            "two keys are called `a`",
        );
        check_refused(
            &format!("[[key]]\nid = \"a\"\nrole = \"admin\"\nhash = \"{hash}\"\n[[key]]\nid = \"b\"\nrole = \"admin\"\nhash = \"{hash}\""),
            "same hash",
        );
        check_refused(
            "[[key]]\nid = \"a\"\nrole = \"admin\"\nhash = \"blake3:xyz\"\nsecret = 1",
            "unknown field",
        );
        assert!(KeyStore::parse("").unwrap().is_empty());
    }
}
