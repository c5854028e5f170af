//! What a function binary's `main` calls: build the context once, then serve
//! invocations with the library handler for that function.

use crate::platform::context::App;
use lambda_http::{Error, service_fn};

/// Runs the HTTP function named `function` (a route-table entry) on the Lambda runtime.
pub async fn serve_http(function: &str) -> Result<(), Error> {
    lambda_http::tracing::init_default_subscriber();
    let route = crate::functions::route(function)
        .ok_or_else(|| format!("no route for function {function}"))?;
    let app = App::from_env().await?.leak();
    lambda_http::run(service_fn(move |req| async move {
        Ok::<_, std::convert::Infallible>((route.handler)(app, req).await)
    }))
    .await
}

/// Runs the event handler named `function` (an `EVENT_HANDLERS` entry) on the Lambda runtime.
pub async fn serve_event(function: &str) -> Result<(), Error> {
    lambda_http::tracing::init_default_subscriber();
    let handler = crate::functions::event_handler(function)
        .ok_or_else(|| format!("no event handler {function}"))?;
    let app = App::from_env().await?.leak();
    lambda_http::lambda_runtime::run(service_fn(
        move |event: lambda_http::LambdaEvent<serde_json::Value>| async move {
            (handler.handler)(app, event.payload)
                .await
                .map_err(Error::from)
        },
    ))
    .await
}
