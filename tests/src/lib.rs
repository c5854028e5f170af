//! The test harness: every test gets its own table in moto (so tests run in
//! parallel) and its own local host on a free port, serving the real handlers.
//! `scripts/test` starts moto and sets `AWS_ENDPOINT_URL`.

pub mod import;
pub mod notifications;

use kith::graph::model::Relation;
use kith::graph::model::RelationKind;
use kith::platform::context::App;
use kith::platform::store::Store;
use kith_local::template::{Template, default_path};
use kith_local::{OPENAPI, host, local_config, provision::provision};
use reqwest::{Method, StatusCode, header::HeaderMap};
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct Stack {
    pub sdk: aws_config::SdkConfig,
    pub table: String,
    pub app: &'static App,
    /// Base URL of this test's local host.
    pub base: String,
    /// This test's WebSocket API (`ws://127.0.0.1:<port>`).
    pub ws: String,
    /// The signing key, for tests that mint their own tokens.
    pub key_pem: String,
    pub http: reqwest::Client,
    endpoint: String,
}

/// A response with its JSON body (Null when empty).
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Stack {
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// A stack whose context `customize` adjusts before it serves (e.g. to
    /// plug in a moderator).
    pub async fn start_with(customize: impl FnOnce(&mut App)) -> Self {
        let endpoint = std::env::var("AWS_ENDPOINT_URL").expect(
            "AWS_ENDPOINT_URL is not set: run the tests with scripts/test, which starts moto",
        );
        let template = Template::load(default_path()).unwrap();
        let sdk = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
        let table = format!(
            "kith-test-{}",
            ulid::Ulid::generate().to_string().to_lowercase()
        );
        // Each test has its own bus too, so one test's events never reach another's handlers.
        provision(
            &sdk,
            &template,
            &table,
            &table,
            &kith_local::media_bucket(&table),
        )
        .await
        .unwrap();
        let key_pem = kith::platform::crypto::generate_signing_key_pem();
        let sockets = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let sockets_at = sockets.local_addr().unwrap();
        let mut config = local_config(
            &template,
            &table,
            &table,
            key_pem.clone(),
            kith::platform::crypto::secret_token(),
            "https://app.kith.test",
            &format!("http://{sockets_at}"),
        )
        .unwrap();
        let (apns, fcm) = kith_local::provision::push_applications(&sdk, &table)
            .await
            .unwrap();
        config.push_apns_application = Some(apns);
        config.push_fcm_application = Some(fcm);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        config.api_url = Some(base.clone());
        config.dead_letter_queues = kith_local::rules::dead_letter_queues(&sdk, &template, &table)
            .await
            .unwrap();
        let mut app = App::new(config, &sdk).unwrap();
        customize(&mut app);
        let app = app.leak();
        tokio::spawn(host::serve(app, listener, OPENAPI, std::future::pending()));
        tokio::spawn(kith_local::sockets::serve(app, sockets));
        tokio::spawn(kith_local::stream::pump(app, sdk.clone(), table.clone()));
        kith_local::rules::deliver(app, &sdk, &template, &table)
            .await
            .unwrap();
        Self {
            sdk,
            table,
            app,
            base,
            ws: format!("ws://{sockets_at}"),
            key_pem,
            http: reqwest::Client::new(),
            endpoint,
        }
    }

    /// Sends a request with an optional bearer token and JSON body.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        let mut req = self.http.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        if let Some(body) = body {
            req = req.json(&body);
        }
        Reply::read(req.send().await.unwrap()).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.call(Method::POST, path, None, Some(body)).await
    }

    /// Registers `username` with a unique email and returns that email.
    pub async fn register(&self, username: &str) -> String {
        let email = unique_email(username);
        let reply = self
            .post(
                "/v1/auth/register",
                json!({"username": username, "email": email, "password": PASSWORD}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
        email
    }

    /// Signs in and returns the token response.
    pub async fn login(&self, username_or_email: &str, password: &str) -> Reply {
        self.post(
            "/v1/auth/login",
            json!({"username_or_email": username_or_email, "password": password}),
        )
        .await
    }

    /// Signs in from another client address (any of 127.0.0.0/8 reaches
    /// the local host, which reports it as the caller's source IP).
    pub async fn login_from(&self, ip: [u8; 4], username_or_email: &str, password: &str) -> Reply {
        let client = reqwest::Client::builder()
            .local_address(std::net::IpAddr::from(ip))
            .build()
            .unwrap();
        let response = client
            .post(format!("{}/v1/auth/login", self.base))
            .json(&json!({"username_or_email": username_or_email, "password": password}))
            .send()
            .await
            .unwrap();
        Reply::read(response).await
    }

    /// Registers and signs in; returns (access token, refresh token).
    pub async fn signed_in(&self, username: &str) -> (String, String) {
        self.register(username).await;
        let reply = self.login(username, PASSWORD).await;
        assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
        (
            reply.body["access_token"].as_str().unwrap().to_owned(),
            reply.body["refresh_token"].as_str().unwrap().to_owned(),
        )
    }

    /// Emails moto's SES accepted for `to`, oldest first, as (subject, body).
    pub async fn emails_to(&self, to: &str) -> Vec<(String, String)> {
        let data = self.moto_data().await;
        data["ses"]["Message"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|m| {
                m["destinations"]["ToAddresses"]
                    .as_array()
                    .is_some_and(|a| a.iter().any(|d| d == to))
            })
            .map(|m| {
                (
                    m["subject"].as_str().unwrap_or_default().to_owned(),
                    m["body"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect()
    }

    /// The device endpoint moto's SNS made last for `token` (its dump keeps
    /// deleted ones too): its ARN and the messages published to it, in no
    /// set order, each parsed (SNS's `json` structure: one payload per platform).
    pub async fn pushes_to(&self, token: &str) -> (String, Vec<Value>) {
        let data = self.moto_data().await;
        let endpoint = data["sns"]["PlatformEndpoint"]
            .as_array()
            .into_iter()
            .flatten()
            .rfind(|e| e["token"] == token)
            .cloned()
            .unwrap_or(Value::Null);
        let messages = endpoint["messages"]
            .as_object()
            .into_iter()
            .flatten()
            .filter_map(|(_, m)| serde_json::from_str(m.as_str()?).ok())
            .collect();
        (
            endpoint["arn"].as_str().unwrap_or_default().to_owned(),
            messages,
        )
    }

    /// moto's model dump. It is built while other tests write, so moto can
    /// fail it with a concurrent-modification error: ask again.
    async fn moto_data(&self) -> Value {
        for _ in 0..10 {
            let response = self
                .http
                .get(format!("{}/moto-api/data.json", self.endpoint))
                .send()
                .await
                .unwrap();
            if let Ok(data) = response.json::<Value>().await {
                return data;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("moto's /moto-api/data.json kept failing");
    }

    /// The token in the newest link emailed to `to` whose path is `path`.
    pub async fn link_token(&self, to: &str, path: &str) -> String {
        let needle = format!("/{path}?token=");
        let emails = self.emails_to(to).await;
        let body = emails
            .iter()
            .rev()
            .map(|(_, body)| body)
            .find(|body| body.contains(&needle))
            .unwrap_or_else(|| panic!("no {path} email to {to}: {emails:?}"));
        let start = body.find(&needle).unwrap() + needle.len();
        body[start..].split_whitespace().next().unwrap().to_owned()
    }
}

impl Reply {
    pub async fn read(response: reqwest::Response) -> Self {
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.unwrap();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()))
        };
        Self {
            status,
            headers,
            body,
        }
    }

    /// Asserts a problem+json error with this status and returns its body.
    pub fn problem(&self, status: u16) -> &Value {
        assert_eq!(self.status.as_u16(), status, "{self:?}");
        assert_eq!(
            self.headers
                .get("content-type")
                .and_then(|v| v.to_str().ok()),
            Some("application/problem+json"),
            "{self:?}"
        );
        assert_eq!(self.body["status"], status);
        assert!(
            self.body["detail"].as_str().is_some_and(|d| !d.is_empty()),
            "{self:?}"
        );
        &self.body
    }

    /// The fields named in a problem's `errors[]`.
    pub fn error_fields(&self) -> Vec<String> {
        self.body["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e["field"].as_str().map(str::to_owned))
            .collect()
    }
}

pub const PASSWORD: &str = "correct horse battery";

/// An address no other test uses (moto's SES outbox is shared by all tests).
pub fn unique_email(username: &str) -> String {
    format!(
        "{username}.{}@example.com",
        ulid::Ulid::generate().to_string().to_lowercase()
    )
}

/// Counts every DynamoDB call made through a client, and the writes apart.
#[derive(Debug, Clone, Default)]
pub struct CallCounter {
    pub all: Arc<AtomicUsize>,
    pub writes: Arc<AtomicUsize>,
}

impl CallCounter {
    /// Starts counting again from zero.
    pub fn reset(&self) {
        self.all.store(0, Ordering::SeqCst);
        self.writes.store(0, Ordering::SeqCst);
    }

    pub fn all(&self) -> usize {
        self.all.load(Ordering::SeqCst)
    }

    pub fn writes(&self) -> usize {
        self.writes.load(Ordering::SeqCst)
    }
}

impl aws_sdk_dynamodb::config::Intercept for CallCounter {
    fn name(&self) -> &'static str {
        "CallCounter"
    }

    fn read_before_execution(
        &self,
        context: &aws_sdk_dynamodb::config::interceptors::BeforeSerializationInterceptorContextRef<
            '_,
        >,
        _: &mut aws_sdk_dynamodb::config::ConfigBag,
    ) -> Result<(), aws_sdk_dynamodb::error::BoxError> {
        use aws_sdk_dynamodb::operation::{
            batch_write_item::BatchWriteItemInput, delete_item::DeleteItemInput,
            put_item::PutItemInput, transact_write_items::TransactWriteItemsInput,
            update_item::UpdateItemInput,
        };
        let input = context.input();
        let write = input.downcast_ref::<PutItemInput>().is_some()
            || input.downcast_ref::<UpdateItemInput>().is_some()
            || input.downcast_ref::<DeleteItemInput>().is_some()
            || input.downcast_ref::<BatchWriteItemInput>().is_some()
            || input.downcast_ref::<TransactWriteItemsInput>().is_some();
        self.all.fetch_add(1, Ordering::SeqCst);
        if write {
            self.writes.fetch_add(1, Ordering::SeqCst);
        }
        Ok(())
    }
}

/// The same context as the stack's, with its DynamoDB calls counted.
pub fn counted(stack: &Stack, threshold: u64) -> (&'static App, CallCounter) {
    let counter = CallCounter::default();
    let client = aws_sdk_dynamodb::Client::from_conf(
        aws_sdk_dynamodb::config::Builder::from(&stack.sdk)
            .interceptor(counter.clone())
            .build(),
    );
    let mut config = stack.app.config.clone();
    config.celebrity_threshold = threshold;
    let mut app = App::new(config, &stack.sdk).unwrap();
    app.store = Store::new(client, &stack.table);
    (app.leak(), counter)
}

/// An account made straight in the store (no password hashing), for volume.
/// (moto copies a whole table for every transaction, so volume tests stay small.)
pub async fn quick_user(app: &App, name: &str) -> String {
    let now = time::OffsetDateTime::now_utc();
    let user =
        kith::accounts::user::User::new(name, &format!("{name}@example.com"), "unused".into(), now);
    let token = kith::accounts::tokens::OneTimeToken {
        digest: ulid::Ulid::generate().to_string(),
        purpose: kith::accounts::tokens::TokenPurpose::VerifyEmail,
        user_id: user.id.clone(),
        email: user.email.clone(),
        expires_at: 0,
    };
    app.store
        .create_user(&user, name, &user.email, &token)
        .await
        .unwrap();
    user.id
}

pub async fn follow(app: &App, from: &str, to: &str) {
    let edge = Relation {
        kind: RelationKind::Follows,
        from_id: from.into(),
        to_id: to.into(),
        created_at: 1,
    };
    app.store
        .follow(&edge, &kith::graph::service::followed_event(from, to))
        .await
        .unwrap();
}

/// `count` accounts named `<prefix><n>`, bulk-loaded (no hashing, no transactions).
pub async fn seed_accounts(app: &App, prefix: &str, count: usize) -> Vec<String> {
    let now = time::OffsetDateTime::now_utc();
    let users: Vec<_> = (0..count)
        .map(|i| {
            let name = format!("{prefix}{i}");
            kith::accounts::user::User::new(
                &name,
                &format!("{name}@example.com"),
                "unused".into(),
                now,
            )
        })
        .collect();
    import::import_users(app, &users).await;
    users.into_iter().map(|u| u.id).collect()
}

/// Follow edges `(from, to)`, bulk-loaded with their counts.
pub async fn seed_follows(app: &App, edges: &[(&str, &str)]) {
    let edges: Vec<Relation> = edges
        .iter()
        .map(|(from, to)| Relation {
            kind: RelationKind::Follows,
            from_id: (*from).into(),
            to_id: (*to).into(),
            created_at: 1,
        })
        .collect();
    import::import_follows(app, &edges).await;
}

/// `count` accounts `<prefix><n>` (bulk-loaded) with an access token each.
pub async fn seed_signed_in(stack: &Stack, prefix: &str, count: usize) -> Vec<(String, String)> {
    let ids = seed_accounts(stack.app, prefix, count).await;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    ids.into_iter()
        .map(|id| {
            let token = stack.app.tokens.issue(&id, now).unwrap();
            (id, token)
        })
        .collect()
}

/// The ids of a page's items.
pub fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .expect("a page has items")
        .iter()
        .map(|item| item["id"].as_str().expect("an item has an id").to_owned())
        .collect()
}

impl Stack {
    /// Writes a post (`POST /v1/posts`) and returns its id.
    pub async fn post_id(&self, token: &str, body: Value) -> String {
        let reply = self
            .call(Method::POST, "/v1/posts", Some(token), Some(body))
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
        reply.body["id"].as_str().unwrap().to_owned()
    }

    /// The account id of the token's holder (`GET /v1/me`).
    pub async fn id_of(&self, token: &str) -> String {
        let me = self.call(Method::GET, "/v1/me", Some(token), None).await;
        me.body["id"].as_str().unwrap().to_owned()
    }
}

/// A wire-level stand-in for Rekognition (moto lacks DetectModerationLabels):
/// answers `DetectModerationLabels` with `moderation_labels` and
/// `DetectLabels` with `labels` (Rekognition JSON), and records the targets
/// it was called with. Returns a Rekognition client pointed at it.
pub async fn rekognition_stub(
    sdk: &aws_config::SdkConfig,
    moderation_labels: Value,
    labels: Value,
) -> (
    aws_sdk_rekognition::Client,
    Arc<std::sync::Mutex<Vec<String>>>,
) {
    use http_body_util::{BodyExt, Full};
    use hyper::body::Bytes;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let calls = Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = calls.clone();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let (seen, moderation_labels, labels) =
                (seen.clone(), moderation_labels.clone(), labels.clone());
            let service = hyper::service::service_fn(
                move |req: hyper::Request<hyper::body::Incoming>| {
                    let (seen, moderation_labels, labels) =
                        (seen.clone(), moderation_labels.clone(), labels.clone());
                    async move {
                        let target = req
                            .headers()
                            .get("x-amz-target")
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or_default()
                            .to_owned();
                        let body = req
                            .into_body()
                            .collect()
                            .await
                            .map(|b| b.to_bytes())
                            .unwrap_or_default();
                        let request: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                        let has_image = request["Image"]["Bytes"]
                            .as_str()
                            .is_some_and(|b| !b.is_empty());
                        seen.lock()
                            .unwrap()
                            .push(format!("{target} image={has_image}"));
                        let answer = match target.as_str() {
                            "RekognitionService.DetectModerationLabels" => {
                                json!({"ModerationLabels": moderation_labels, "ModerationModelVersion": "7.0"})
                            }
                            "RekognitionService.DetectLabels" => {
                                json!({"Labels": labels, "LabelModelVersion": "3.0"})
                            }
                            _ => json!({}),
                        };
                        Ok::<_, std::convert::Infallible>(
                            hyper::Response::builder()
                                .header("content-type", "application/x-amz-json-1.1")
                                .body(Full::new(Bytes::from(answer.to_string())))
                                .unwrap(),
                        )
                    }
                },
            );
            tokio::spawn(
                hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service),
            );
        }
    });
    let client = aws_sdk_rekognition::Client::from_conf(
        aws_sdk_rekognition::config::Builder::from(sdk)
            .endpoint_url(endpoint)
            .build(),
    );
    (client, calls)
}

/// Waits until `probe` holds (up to 60 s: the whole suite shares one moto,
/// which serves a request at a time); `what` names it in the failure.
pub async fn eventually<F: AsyncFn() -> bool>(what: &str, probe: F) {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(60);
    while !probe().await {
        assert!(tokio::time::Instant::now() < deadline, "never: {what}");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

/// A WebSocket client of the stack's WebSocket API.
pub struct Socket {
    stream: tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >,
}

impl Stack {
    /// Connects with `?access_token=`; Err with the refusal's status.
    pub async fn connect(&self, token: &str) -> Result<Socket, u16> {
        self.connect_to(&format!("{}/?access_token={token}", self.ws))
            .await
    }

    pub async fn connect_to(&self, url: &str) -> Result<Socket, u16> {
        use tokio_tungstenite::tungstenite::client::IntoClientRequest;
        let request = url.into_client_request().unwrap();
        self.connect_with(request).await
    }

    pub async fn connect_with(
        &self,
        request: tokio_tungstenite::tungstenite::handshake::client::Request,
    ) -> Result<Socket, u16> {
        match tokio_tungstenite::connect_async(request).await {
            Ok((stream, _)) => Ok(Socket { stream }),
            Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
                Err(response.status().as_u16())
            }
            Err(err) => panic!("WebSocket connect failed: {err}"),
        }
    }
}

impl Socket {
    pub async fn send(&mut self, frame: Value) {
        use futures_util::SinkExt;
        self.stream
            .send(tokio_tungstenite::tungstenite::Message::text(
                frame.to_string(),
            ))
            .await
            .unwrap();
    }

    /// The next text frame within `secs` seconds, as JSON (None: nothing came).
    pub async fn next(&mut self, secs: u64) -> Option<Value> {
        use futures_util::StreamExt;
        let deadline = std::time::Duration::from_secs(secs);
        loop {
            match tokio::time::timeout(deadline, self.stream.next()).await {
                Ok(Some(Ok(tokio_tungstenite::tungstenite::Message::Text(text)))) => {
                    return Some(serde_json::from_str(&text).unwrap());
                }
                Ok(Some(Ok(_))) => continue,
                _ => return None,
            }
        }
    }

    /// The next frame that is not a typing indicator, within `secs`.
    pub async fn next_event(&mut self, secs: u64) -> Option<Value> {
        loop {
            let frame = self.next(secs).await?;
            if frame["type"] != "typing" {
                return Some(frame);
            }
        }
    }

    pub async fn close(mut self) {
        let _ = self.stream.close(None).await;
    }
}
