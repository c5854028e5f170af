//! `/.well-known/jwks.json`: lets any service verify Kith access tokens.

use crate::platform::context::App;
use crate::platform::error::Result;
use crate::platform::http::json;
use lambda_http::http::{HeaderValue, StatusCode, header};
use lambda_http::{Body, Request, Response};

pub async fn jwks(app: &App, _req: Request) -> Result<Response<Body>> {
    let mut response = json(StatusCode::OK, &app.tokens.jwks())?;
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    Ok(response)
}
