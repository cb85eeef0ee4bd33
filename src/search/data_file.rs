//! The data files Concord reads at query time (`thesaurus.toml`, `questions.toml`): a missing
//! file is an empty one; an unreadable or invalid one is an error naming the file, and the line
//! where it is invalid.

use std::path::Path;

use crate::corpus::LineIndex;

#[derive(Debug, thiserror::Error)]
pub enum DataFileError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Invalid {
        path: String,
        line: usize,
        message: String,
    },
}

impl DataFileError {
    pub fn invalid(path: &Path, line: usize, message: impl Into<String>) -> Self {
        DataFileError::Invalid {
            path: path.display().to_string(),
            line,
            message: message.into(),
        }
    }
}

/// Reads and parses a data file; `parse` gives the line of what it finds invalid.
pub(crate) fn load<T: Default>(
    path: &Path,
    parse: impl FnOnce(&str) -> Result<T, (usize, String)>,
) -> Result<T, DataFileError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(T::default()),
        Err(source) => {
            return Err(DataFileError::Io {
                path: path.display().to_string(),
                source,
            });
        }
    };
    parse(&text).map_err(|(line, message)| DataFileError::invalid(path, line, message))
}

/// A TOML error as the line it is on and its message.
pub(crate) fn toml_error(lines: &LineIndex, error: &toml::de::Error) -> (usize, String) {
    let line = error.span().map_or(1, |s| lines.line_of(s.start));
    (line, error.message().to_string())
}
