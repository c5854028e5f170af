//! Warm handler overhead without AWS I/O (not a test; `scripts/bench-handlers`
//! starts moto and runs it). `get-post` and `get-feed` are invoked as Lambda
//! invokes them — an API Gateway event through the route's table entry, so
//! parsing, token verification, the service, signing media links and the
//! JSON response all count — against a DynamoDB client whose transport
//! replays, call by call, what moto answered the first invocation. Prints
//! p50, p99 and max over N warm invocations (argument; default 2000).

use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient,
    SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_runtime_api::shared::IntoShared;
use aws_smithy_types::body::SdkBody;
use kith::platform::context::App;
use kith::platform::routes::Route;
use kith::platform::store::Store;
use kith_tests::Stack;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One recorded exchange: the operation (`X-Amz-Target`) and moto's answer.
#[derive(Clone)]
struct Exchange {
    target: String,
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// Records exchanges with moto while `recording`, then replays them in order
/// from the start of each invocation (`rewind`), checking that each call is
/// the operation recorded at its place.
#[derive(Clone, Default)]
struct Tape(Arc<Mutex<TapeState>>);

#[derive(Default)]
struct TapeState {
    recording: bool,
    exchanges: Vec<Exchange>,
    next: usize,
}

impl Tape {
    fn record(&self) {
        let mut state = self.0.lock().unwrap();
        state.recording = true;
        state.exchanges.clear();
    }

    fn rewind(&self) {
        let mut state = self.0.lock().unwrap();
        state.recording = false;
        state.next = 0;
    }

    fn calls(&self) -> usize {
        self.0.lock().unwrap().exchanges.len()
    }
}

impl std::fmt::Debug for Tape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Tape")
    }
}

impl HttpConnector for Tape {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let tape = self.clone();
        HttpConnectorFuture::new(async move {
            let request = request
                .try_into_http1x()
                .map_err(|e| ConnectorError::other(e.into(), None))?;
            let target = request
                .headers()
                .get("x-amz-target")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            let recording = tape.0.lock().unwrap().recording;
            let exchange = if recording {
                let exchange = forward(request, target).await?;
                tape.0.lock().unwrap().exchanges.push(exchange.clone());
                exchange
            } else {
                let mut state = tape.0.lock().unwrap();
                let exchange =
                    state.exchanges.get(state.next).cloned().unwrap_or_else(|| {
                        panic!("call {} ({target}) was not recorded", state.next)
                    });
                assert_eq!(exchange.target, target, "call {} differs", state.next);
                state.next += 1;
                exchange
            };
            let mut response = lambda_http::http::Response::builder().status(exchange.status);
            for (name, value) in &exchange.headers {
                response = response.header(name, value);
            }
            let response = response
                .body(SdkBody::from(exchange.body))
                .map_err(|e| ConnectorError::other(e.into(), None))?;
            response
                .try_into()
                .map_err(|e: aws_smithy_runtime_api::http::HttpError| {
                    ConnectorError::other(e.into(), None)
                })
        })
    }
}

/// Sends the signed request to moto as it is.
async fn forward(
    request: lambda_http::http::Request<SdkBody>,
    target: String,
) -> Result<Exchange, ConnectorError> {
    let (parts, body) = request.into_parts();
    let mut outgoing = reqwest::Client::new()
        .request(parts.method, parts.uri.to_string())
        .body(body.bytes().unwrap_or_default().to_vec());
    for (name, value) in &parts.headers {
        outgoing = outgoing.header(name, value);
    }
    let response = outgoing
        .send()
        .await
        .map_err(|e| ConnectorError::io(e.into()))?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .filter_map(|(n, v)| Some((n.to_string(), v.to_str().ok()?.to_owned())))
        .collect();
    let body = response
        .bytes()
        .await
        .map_err(|e| ConnectorError::io(e.into()))?
        .to_vec();
    Ok(Exchange {
        target,
        status,
        headers,
        body,
    })
}

impl HttpClient for Tape {
    fn http_connector(
        &self,
        _: &HttpConnectorSettings,
        _: &RuntimeComponents,
    ) -> SharedHttpConnector {
        self.clone().into_shared()
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let invocations: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(2000);
    let stack = Stack::start().await;
    let (reader, _) = stack.signed_in("reader").await;
    let (author, _) = stack.signed_in("author").await;
    let author_name = "author";
    let reply = stack
        .call(
            lambda_http::http::Method::POST,
            &format!("/v1/users/{author_name}/follow"),
            Some(&reader),
            None,
        )
        .await;
    assert!(reply.status.is_success(), "{reply:?}");
    let mut post = String::new();
    for i in 0..20 {
        post = stack
            .post_id(&author, json!({"text": format!("post {i} #kith")}))
            .await;
    }
    // The feed is filled by fan-out, which the local host runs as events arrive.
    kith_tests::eventually("the reader's feed has 20 posts", async || {
        let page = stack
            .call(
                lambda_http::http::Method::GET,
                "/v1/feed",
                Some(&reader),
                None,
            )
            .await;
        kith_tests::ids(&page.body).len() == 20
    })
    .await;

    let tape = Tape::default();
    let app = replaying(&stack, &tape);
    println!("| route | DynamoDB calls replayed | warm invocations | p50 | p99 | max |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (route, path, params) in [
        (
            &kith::posts::GET_POST,
            format!("/v1/posts/{post}"),
            json!({ "post_id": post }),
        ),
        (&kith::feeds::GET_FEED, "/v1/feed".to_owned(), json!({})),
    ] {
        let event = event(route, &path, params, &reader);
        tape.record();
        let recorded = invoke(app, route, &event).await;
        assert_eq!(
            recorded.status(),
            200,
            "{}",
            String::from_utf8_lossy(recorded.body())
        );
        let mut times = Vec::with_capacity(invocations);
        for _ in 0..invocations {
            tape.rewind();
            let started = Instant::now();
            let response = invoke(app, route, &event).await;
            times.push(started.elapsed());
            assert_eq!(response.status(), 200);
        }
        times.sort();
        println!(
            "| {} | {} | {invocations} | {:.3} ms | {:.3} ms | {:.3} ms |",
            route.function,
            tape.calls(),
            ms(times[invocations / 2]),
            ms(times[invocations * 99 / 100]),
            ms(times[invocations - 1]),
        );
    }
}

/// The stack's context with a DynamoDB client on `tape`.
fn replaying(stack: &Stack, tape: &Tape) -> &'static App {
    let client = aws_sdk_dynamodb::Client::from_conf(
        aws_sdk_dynamodb::config::Builder::from(&stack.sdk)
            .http_client(SharedHttpClient::new(tape.clone()))
            .build(),
    );
    let mut app = App::new(stack.app.config.clone(), &stack.sdk).unwrap();
    app.store = Store::new(client, &stack.table);
    app.leak()
}

/// The API Gateway (HTTP API, payload 2.0) event Lambda would deliver.
fn event(route: &Route, path: &str, params: Value, token: &str) -> String {
    json!({
        "version": "2.0",
        "routeKey": format!("{} {}", route.method, route.path),
        "rawPath": path,
        "rawQueryString": "",
        "headers": {
            "accept": "application/json",
            "authorization": format!("Bearer {token}"),
            "host": "api.kith.example",
        },
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "bench",
            "domainName": "api.kith.example",
            "http": {"method": route.method.as_str(), "path": path, "protocol": "HTTP/1.1",
                     "sourceIp": "203.0.113.7", "userAgent": "bench"},
            "requestId": "bench",
            "routeKey": format!("{} {}", route.method, route.path),
            "stage": "$default",
            "timeEpoch": 1_795_262_400_000u64,
        },
        "isBase64Encoded": false,
        "pathParameters": params,
    })
    .to_string()
}

async fn invoke(
    app: &'static App,
    route: &Route,
    event: &str,
) -> lambda_http::Response<lambda_http::Body> {
    let request = lambda_http::request::from_str(event).expect("an API Gateway event");
    (route.handler)(app, request).await
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
