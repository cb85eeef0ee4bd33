//! Errors as people and programs see them: an HTML page that says what went wrong and where to
//! go instead, or `{"error": {"code", "message"}}` with the right status. Never internals.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::corpus::ProvisionIdError;
use crate::search::QueryError;

/// An error of the JSON API.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }
}

#[derive(Serialize)]
struct Body<'a> {
    error: Inner<'a>,
}

#[derive(Serialize)]
struct Inner<'a> {
    code: &'a str,
    message: &'a str,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Body {
            error: Inner {
                code: self.code,
                message: &self.message,
            },
        };
        (self.status, Json(body)).into_response()
    }
}

impl From<QueryError> for ApiError {
    fn from(e: QueryError) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, e.code(), e.to_string())
    }
}

impl From<ProvisionIdError> for ApiError {
    fn from(e: ProvisionIdError) -> Self {
        let (status, code) = match &e {
            ProvisionIdError::Syntax(_) => (StatusCode::BAD_REQUEST, "bad_provision_id"),
            ProvisionIdError::UnknownTreaty { .. } => (StatusCode::NOT_FOUND, "unknown_treaty"),
            ProvisionIdError::UnknownArticle { .. } => (StatusCode::NOT_FOUND, "unknown_article"),
            ProvisionIdError::UnknownProvision { .. } => {
                (StatusCode::NOT_FOUND, "unknown_provision")
            }
        };
        ApiError::new(status, code, e.to_string())
    }
}

/// An error page: status, a heading, what happened, and links that help.
#[derive(Debug, Serialize)]
pub struct PageError {
    #[serde(skip)]
    pub status: StatusCode,
    pub title: String,
    pub message: String,
    pub links: Vec<Link>,
    /// A search to offer, prefilled.
    pub query: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub href: String,
    pub text: String,
}

impl Link {
    pub fn new(href: impl Into<String>, text: impl Into<String>) -> Self {
        Link {
            href: href.into(),
            text: text.into(),
        }
    }
}
