//! Holds everything that names a function or route to the one route table:
//! the binaries, template.yaml, the `cargo lambda watch` router, events/ and
//! docs/openapi.yaml. None of them can drift from the code.

use kith::functions::EVENT_HANDLERS;
use kith::functions::ROUTES;
use kith::functions::SOCKET_ROUTES;
use kith::platform::routes::Grant;
use kith_local::template::{Resource, Template, default_path};
use kith_tests::Stack;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every function: one per route and one per event handler.
fn functions() -> BTreeSet<String> {
    ROUTES
        .iter()
        .map(|r| r.function)
        .chain(EVENT_HANDLERS.iter().map(|h| h.function))
        .map(str::to_owned)
        .collect()
}

/// The names (without extension) of the files in `dir`.
fn file_stems(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            e.unwrap()
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

/// (METHOD, path, function) of every route.
fn route_triples() -> BTreeSet<(String, String, String)> {
    ROUTES
        .iter()
        .map(|r| {
            (
                r.method.to_string(),
                r.path.to_owned(),
                r.function.to_owned(),
            )
        })
        .collect()
}

/// `get-me` -> `GetMeFunction`, the SAM resource name.
fn resource_name(function: &str) -> String {
    let pascal: String = function
        .split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect();
    format!("{pascal}Function")
}

fn manifest(path: &str) -> toml::Table {
    std::fs::read_to_string(root().join(path))
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn route_table_has_unique_functions_and_routes() {
    assert_eq!(
        functions().len(),
        ROUTES.len() + EVENT_HANDLERS.len(),
        "one function, one job"
    );
    let routes: BTreeSet<_> = ROUTES.iter().map(|r| (r.method.as_str(), r.path)).collect();
    assert_eq!(routes.len(), ROUTES.len());
}

#[test]
fn every_function_is_a_thin_binary() {
    let manifest = manifest("functions/Cargo.toml");
    let bins: BTreeSet<String> = manifest["bin"]
        .as_array()
        .unwrap()
        .iter()
        .map(|bin| {
            let name = bin["name"].as_str().unwrap();
            assert_eq!(bin["path"].as_str().unwrap(), format!("src/bin/{name}.rs"));
            assert_eq!(
                bin.get("test").and_then(toml::Value::as_bool),
                Some(false),
                "{name}: test = false"
            );
            let source = std::fs::read_to_string(
                root().join("functions").join(bin["path"].as_str().unwrap()),
            )
            .unwrap();
            // The binary names its table entry's static directly.
            let runs = match ROUTES.iter().find(|r| r.function == name) {
                Some(route) => format!("kith::platform::runtime::http(&{})", route.item),
                None => {
                    let handler = EVENT_HANDLERS.iter().find(|h| h.function == name).unwrap();
                    format!("kith::platform::runtime::event(&{})", handler.item)
                }
            };
            assert!(source.contains(&runs), "{name} runs {runs}");
            name.to_owned()
        })
        .collect();
    assert_eq!(bins, functions());
    let files = file_stems(&root().join("functions/src/bin"));
    assert_eq!(files, functions(), "no stray binaries");
}

#[test]
fn template_has_one_function_and_http_event_per_route() {
    let template = Template::load(default_path()).unwrap();
    let resources: BTreeSet<String> = template
        .resources_of("AWS::Serverless::Function")
        .map(|(name, _)| name.clone())
        .collect();
    let expected: BTreeSet<String> = functions().iter().map(|f| resource_name(f)).collect();
    assert_eq!(resources, expected);
    for handler in EVENT_HANDLERS {
        let resource = &template.resources[&resource_name(handler.function)];
        assert_eq!(
            resource_metadata_binary(handler.function).as_deref(),
            Some(handler.function)
        );
        if SOCKET_ROUTES.iter().any(|r| r.function == handler.function) {
            continue; // invoked by the WebSocket API's integrations
        }
        let events = resource.properties["Events"]
            .as_object()
            .expect("an event handler has an event source");
        assert!(
            events.values().all(|e| e["Type"] != "HttpApi"),
            "{}",
            handler.function
        );
    }
    for route in ROUTES.iter() {
        let resource = &template.resources[&resource_name(route.function)];
        let binary = resource_metadata_binary(route.function);
        assert_eq!(binary.as_deref(), Some(route.function));
        let events: Vec<&Value> = resource.properties["Events"]
            .as_object()
            .unwrap()
            .values()
            .collect();
        assert_eq!(events.len(), 1, "{}", route.function);
        assert_eq!(events[0]["Type"], "HttpApi");
        assert_eq!(events[0]["Properties"]["Method"], route.method.as_str());
        assert_eq!(events[0]["Properties"]["Path"], route.path);
    }
}

/// What a function's policies allow, in the terms of [`Grant`]s.
#[derive(Debug, Default, PartialEq, Eq)]
struct Allowed {
    writes_table: bool,
    sends_mail: bool,
    reads_media: bool,
    writes_uploads: bool,
    reads_signing_key: bool,
    pushes: bool,
}

/// A function's policies: its own, or those of the shared role it names,
/// with each of the stack's managed policies carrying its document.
fn policies(template: &Template, function: &Resource) -> Vec<Value> {
    let role = function.properties["Role"]["Fn::GetAtt"][0].as_str();
    let listed = match role {
        Some(role) => {
            let role = &template.resources[role].properties;
            let managed = role["ManagedPolicyArns"].as_array().unwrap().iter();
            managed
                .chain(role["Policies"].as_array().into_iter().flatten())
                .cloned()
                .collect()
        }
        None => function.properties["Policies"]
            .as_array()
            .cloned()
            .unwrap_or_default(),
    };
    listed
        .into_iter()
        .map(|policy| match policy["Ref"].as_str().map(|r| &template.resources[r]) {
            Some(managed) => {
                serde_json::json!({"Ref": policy["Ref"], "PolicyDocument": managed.properties["PolicyDocument"]})
            }
            None => policy,
        })
        .collect()
}

fn allowed(policies: &[Value]) -> Allowed {
    let mut allowed = Allowed::default();
    for policy in policies {
        let text = policy.to_string();
        if policy.get("DynamoDBCrudPolicy").is_some()
            || policy.get("DynamoDBWritePolicy").is_some()
            || text.contains("dynamodb:PutItem")
        {
            allowed.writes_table = true;
        }
        if text.contains("ses:") {
            allowed.sends_mail = true;
        }
        if policy.get("Ref").is_some_and(|r| r == "MediaReadPolicy") {
            allowed.reads_media = true;
        }
        if policy.get("Ref").is_some_and(|r| r == "PushPolicy") {
            allowed.pushes = true;
        }
        if text.contains("s3:PutObject") && text.contains("uploads/") {
            allowed.writes_uploads = true;
        }
        if text.contains("secretsmanager:GetSecretValue")
            && text.contains("JwtSigningKeySecretName")
        {
            allowed.reads_signing_key = true;
        }
    }
    allowed
}

#[test]
fn each_route_function_is_granted_only_what_it_calls() {
    let template = Template::load(default_path()).unwrap();
    for route in ROUTES.iter() {
        let resource = &template.resources[&resource_name(route.function)];
        let expected = Allowed {
            writes_table: route.method != lambda_http::http::Method::GET
                || route.grants.contains(&Grant::RecordsExposures),
            sends_mail: route.grants.contains(&Grant::SendsMail),
            reads_media: route.grants.contains(&Grant::SignsMediaLinks),
            writes_uploads: route.grants.contains(&Grant::SignsUploads),
            reads_signing_key: route.grants.contains(&Grant::IssuesTokens),
            pushes: route.grants.contains(&Grant::Pushes),
        };
        assert_eq!(
            allowed(&policies(&template, resource)),
            expected,
            "{} ({} {})",
            route.function,
            route.method,
            route.path
        );
    }
}

#[test]
fn event_handlers_send_no_mail_sign_only_pushed_links_and_never_read_the_signing_key() {
    let template = Template::load(default_path()).unwrap();
    for handler in EVENT_HANDLERS {
        let resource = &template.resources[&resource_name(handler.function)];
        let allowed = allowed(&policies(&template, resource));
        // Pushed messages show their images, as the history route does.
        let shows_images = handler.function == "push-realtime";
        let pushes = [
            "notify",
            "notify-messages",
            "release-pushes",
            "push-failures",
        ]
        .contains(&handler.function);
        // Notification emails, quiet-hours summaries, digests and the daily report.
        let mails = [
            "notify",
            "notify-messages",
            "release-pushes",
            "send-digests",
            "send-daily-report",
        ]
        .contains(&handler.function);
        assert!(
            allowed.sends_mail == mails
                && allowed.reads_media == shows_images
                && !allowed.reads_signing_key
                && allowed.pushes == pushes,
            "{}: {allowed:?}",
            handler.function
        );
    }
}

/// Every dead-letter queue of the stack: each rule's and schedule's (named
/// by `QueueLogicalId`, or the target's `DeadLetterConfig` of a rule written
/// out), each queue's redrive target and the stream's failure queue.
fn dead_letter_queues(template: &Template) -> BTreeSet<String> {
    let mut queues = BTreeSet::from(["PublishEventsFailures".to_owned()]);
    for (_, resource) in template.resources_of("AWS::Serverless::Function") {
        for event in resource.properties["Events"]
            .as_object()
            .into_iter()
            .flat_map(|events| events.values())
        {
            let dead_letters = &event["Properties"]["DeadLetterConfig"];
            if !dead_letters.is_null() {
                let id = dead_letters["QueueLogicalId"].as_str();
                queues.insert(id.expect("every dead-letter queue is named").to_owned());
            }
        }
    }
    let named = |arn: &Value| arn["Fn::GetAtt"][0].as_str().map(str::to_owned);
    for (_, rule) in template.resources_of("AWS::Events::Rule") {
        for target in rule.properties["Targets"].as_array().unwrap() {
            queues.extend(named(&target["DeadLetterConfig"]["Arn"]));
        }
    }
    for (_, queue) in template.resources_of("AWS::SQS::Queue") {
        queues.extend(named(
            &queue.properties["RedrivePolicy"]["deadLetterTargetArn"],
        ));
    }
    queues
}

/// A delay queue in front of a function (notify-messages') holds each event
/// for [`MESSAGE_DELAY_SECS`], is read in batches whose failed messages alone
/// return, outlasts the function's run before a message reappears, and
/// dead-letters what fails, both from the rule and from the queue.
#[test]
fn the_message_delay_is_a_queue_read_in_batches_with_dead_letters() {
    let template = Template::load(default_path()).unwrap();
    let function = &template.resources["NotifyMessagesFunction"].properties;
    let source = &function["Events"]["Messages"];
    assert_eq!(source["Type"], "SQS");
    assert_eq!(
        source["Properties"]["FunctionResponseTypes"],
        serde_json::json!(["ReportBatchItemFailures"])
    );
    let queue_id = source["Properties"]["Queue"]["Fn::GetAtt"][0]
        .as_str()
        .unwrap();
    let queue = &template.resources[queue_id].properties;
    assert_eq!(
        queue["DelaySeconds"],
        kith::notifications::model::MESSAGE_DELAY_SECS
    );
    let timeout = function["Timeout"]
        .as_u64()
        .or(template.globals["Function"]["Timeout"].as_u64())
        .unwrap();
    assert!(queue["VisibilityTimeout"].as_u64().unwrap() >= 6 * timeout);
    let dead_letters = &queue["RedrivePolicy"]["deadLetterTargetArn"];
    let (_, rule) = template
        .resources_of("AWS::Events::Rule")
        .find(|(_, r)| r.properties["Targets"][0]["Arn"]["Fn::GetAtt"][0] == queue_id)
        .expect("a rule delivers to the queue");
    assert_eq!(
        rule.properties["Targets"][0]["DeadLetterConfig"]["Arn"],
        *dead_letters
    );
    let (_, policy) = template
        .resources_of("AWS::SQS::QueuePolicy")
        .find(|(_, p)| p.properties["Queues"][0]["Ref"] == queue_id)
        .expect("the bus may send to the queue");
    let statement = &policy.properties["PolicyDocument"]["Statement"][0];
    assert_eq!(statement["Principal"]["Service"], "events.amazonaws.com");
    assert_eq!(statement["Resource"][1], *dead_letters);
}

/// Operators hear of any message in any dead-letter queue, and every alarm
/// notifies the alarm topic both ways (ALARM and back to OK).
#[test]
fn every_dead_letter_queue_has_an_alarm_and_every_alarm_notifies_the_topic() {
    let template = Template::load(default_path()).unwrap();
    let mut watched = BTreeSet::new();
    for (name, alarm) in template.resources_of("AWS::CloudWatch::Alarm") {
        let topic = serde_json::json!([{ "Ref": "AlarmTopic" }]);
        assert_eq!(alarm.properties["AlarmActions"], topic, "{name}");
        assert_eq!(alarm.properties["OKActions"], topic, "{name}");
        for metric in alarm.properties["Metrics"].as_array().unwrap() {
            let metric = &metric["MetricStat"]["Metric"];
            if metric["MetricName"] == "ApproximateNumberOfMessagesVisible" {
                assert_eq!(alarm.properties["Threshold"], 1, "{name}");
                let queue = &metric["Dimensions"][0]["Value"]["Fn::GetAtt"][0];
                watched.insert(queue.as_str().unwrap().to_owned());
            }
        }
    }
    assert_eq!(watched, dead_letter_queues(&template));
}

/// The daily report reads the depth of every dead-letter queue the stack
/// has: each rule's and schedule's (named by `QueueLogicalId`) and the
/// stream's failure queue, and may read no other queue.
#[test]
fn the_daily_report_watches_every_dead_letter_queue() {
    let template = Template::load(default_path()).unwrap();
    let queues = dead_letter_queues(&template);
    let report = &template.resources["SendDailyReportFunction"].properties;
    let listed: BTreeSet<String> =
        report["Environment"]["Variables"]["KITH_DEAD_LETTER_QUEUES"]["Fn::Join"][1]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["Ref"].as_str().unwrap().to_owned())
            .collect();
    assert_eq!(listed, queues);
    let readable: BTreeSet<String> = report["Policies"][2]["Statement"][0]["Resource"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["Fn::GetAtt"][0].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(readable, queues);
}

#[test]
fn only_token_issuers_learn_where_the_signing_key_is_and_no_environment_holds_it() {
    let template = Template::load(default_path()).unwrap();
    for route in ROUTES.iter() {
        let resource = &template.resources[&resource_name(route.function)];
        let secret =
            &resource.properties["Environment"]["Variables"]["KITH_JWT_PRIVATE_KEY_SECRET"];
        assert_eq!(
            !secret.is_null(),
            route.grants.contains(&Grant::IssuesTokens),
            "{}",
            route.function
        );
    }
    let raw = std::fs::read_to_string(default_path()).unwrap();
    assert!(!raw.contains("KITH_JWT_PRIVATE_KEY:"));
    assert!(!raw.contains("secretsmanager:${JwtSigningKeySecretName}"));
    // Cursors are signed with their own secret, never the token key.
    let globals: Value = serde_yaml_ng::from_str(&raw).unwrap();
    let cursor_key =
        globals["Globals"]["Function"]["Environment"]["Variables"]["KITH_CURSOR_KEY"].to_string();
    assert!(
        cursor_key.contains("CursorKeySecretName") && !cursor_key.contains("JwtSigningKey"),
        "{cursor_key}"
    );
}

#[test]
fn no_function_is_granted_more_mail_than_sending() {
    let raw = std::fs::read_to_string(default_path()).unwrap();
    assert!(
        !raw.contains("SESCrudPolicy"),
        "ses:SendEmail is all Kith needs"
    );
}

/// `Metadata.BuildProperties.Binary` (not part of `Resource`, read from the raw YAML).
fn resource_metadata_binary(function: &str) -> Option<String> {
    let raw: Value =
        serde_yaml_ng::from_str(&std::fs::read_to_string(default_path()).unwrap()).unwrap();
    raw["Resources"][resource_name(function)]["Metadata"]["BuildProperties"]["Binary"]
        .as_str()
        .map(str::to_owned)
}

#[test]
fn cdk_function_list_is_the_route_table() {
    // The CDK app builds its functions and routes from this file.
    let path = root().join("infra/functions.json");
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == kith::functions::manifest(),
        "{} is out of date: cargo run -q -p kith-functions --example manifest > infra/functions.json",
        path.display()
    );
}

#[test]
fn cargo_lambda_watch_router_maps_every_route_to_its_binary() {
    let workspace = manifest("Cargo.toml");
    let router = workspace["workspace"]["metadata"]["lambda"]["watch"]["router"]
        .as_table()
        .unwrap();
    let mut entries = BTreeSet::new();
    for (path, methods) in router {
        for entry in methods.as_array().unwrap() {
            entries.insert((
                entry["method"].as_str().unwrap().to_owned(),
                path.clone(),
                entry["function"].as_str().unwrap().to_owned(),
            ));
        }
    }
    assert_eq!(entries, route_triples());
}

/// The README's `cargo lambda watch` commands set every variable a function
/// cannot start without, with the names kith-local gives the bus and bucket.
#[test]
fn readme_watch_commands_set_every_required_variable() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let block = readme
        .split("```")
        .skip(1)
        .step_by(2)
        .find(|block| block.contains("cargo lambda watch"))
        .expect("the README shows cargo lambda watch");
    let config = std::fs::read_to_string(root().join("shared/src/platform/config.rs")).unwrap();
    let required: Vec<&str> = config
        .split("required(\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .filter(|name| name.starts_with("KITH_"))
        .collect();
    assert!(required.contains(&"KITH_MEDIA_BUCKET"), "{required:?}");
    for name in required {
        assert!(
            block.contains(&format!("{name}=")),
            "the README does not set {name}"
        );
    }
    let template = Template::load(default_path()).unwrap();
    let bus = template.event_bus_name().unwrap();
    assert!(
        block.contains(&format!("KITH_EVENT_BUS={bus} ")),
        "bus {bus}"
    );
    let bucket = kith_local::media_bucket("kith-local");
    assert!(
        block.contains(&format!("KITH_MEDIA_BUCKET={bucket} ")),
        "bucket {bucket}"
    );
    assert!(block.contains("KITH_TABLE=kith-local "));
}

#[test]
fn openapi_documents_exactly_the_routes() {
    let doc: Value = serde_yaml_ng::from_str(kith_local::OPENAPI).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            documented.insert((
                method.to_uppercase(),
                path.clone(),
                op["operationId"].as_str().unwrap().to_owned(),
            ));
            assert!(
                op["responses"].as_object().is_some_and(|r| !r.is_empty()),
                "{path} {method}"
            );
        }
    }
    assert_eq!(documented, route_triples());
}

#[test]
fn every_function_has_a_sample_event_that_parses_as_its_request() {
    let dir = root().join("events");
    let files = file_stems(&dir);
    assert_eq!(
        files,
        functions(),
        "one events/<function>.json per function"
    );
    for route in ROUTES.iter() {
        let request = sample_request(route.function);
        assert_eq!(request.method(), route.method, "{}", route.function);
        let params = lambda_http::RequestExt::path_parameters(&request);
        let path = route.path.split('/').map(|seg| {
            match seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) => params
                    .first(name)
                    .unwrap_or_else(|| panic!("{}: no {name}", route.function))
                    .to_owned(),
                None => seg.to_owned(),
            }
        });
        assert_eq!(request.uri().path(), path.collect::<Vec<_>>().join("/"));
    }
}

fn sample_request(function: &str) -> lambda_http::Request {
    let text =
        std::fs::read_to_string(root().join("events").join(format!("{function}.json"))).unwrap();
    lambda_http::request::from_str(&text).unwrap_or_else(|e| panic!("events/{function}.json: {e}"))
}

/// `cargo lambda invoke --data-file events/<name>.json` reaches the handler:
/// each sample, run through its handler against a fresh table, is answered
/// without a server error.
#[tokio::test]
async fn every_sample_event_is_answered_by_its_handler_without_a_5xx() {
    let stack = Stack::start().await;
    for route in ROUTES.iter() {
        let response = (route.handler)(stack.app, sample_request(route.function)).await;
        assert!(
            response.status().as_u16() < 500,
            "{}: {}",
            route.function,
            response.status()
        );
    }
    for handler in EVENT_HANDLERS {
        let path = root()
            .join("events")
            .join(format!("{}.json", handler.function));
        let event: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        // A delay queue's batch: each message's body is the handler's event.
        let events = match event["Records"][0]["eventSource"] == "aws:sqs" {
            true => event["Records"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| serde_json::from_str(m["body"].as_str().unwrap()).unwrap())
                .collect(),
            false => vec![event],
        };
        for event in events {
            (handler.handler)(stack.app, event)
                .await
                .unwrap_or_else(|e| panic!("{}: {e}", handler.function));
        }
    }
}

/// The WebSocket API in template.yaml is the route table's: one route per
/// route key, integrated with its function, which API Gateway may invoke;
/// exactly the functions that send frames may manage connections.
#[test]
fn template_websocket_api_serves_the_socket_routes() {
    let template = Template::load(default_path()).unwrap();
    let api = template
        .resources_of("AWS::ApiGatewayV2::Api")
        .find(|(_, r)| r.properties["ProtocolType"] == "WEBSOCKET")
        .map(|(name, r)| (name.clone(), r))
        .expect("a WebSocket API");
    assert_eq!(
        api.1.properties["RouteSelectionExpression"],
        "$request.body.action"
    );
    let routes: Vec<_> = template.resources_of("AWS::ApiGatewayV2::Route").collect();
    assert_eq!(routes.len(), SOCKET_ROUTES.len());
    for socket in SOCKET_ROUTES {
        let (_, route) = routes
            .iter()
            .find(|(_, r)| r.properties["RouteKey"] == socket.route_key)
            .unwrap_or_else(|| panic!("no route {}", socket.route_key));
        assert_eq!(route.properties["ApiId"]["Ref"], api.0.as_str());
        let target = route.properties["Target"]["Fn::Sub"].as_str().unwrap();
        let integration = target
            .strip_prefix("integrations/${")
            .and_then(|t| t.strip_suffix('}'))
            .unwrap();
        let uri = template.resources[integration].properties["IntegrationUri"].to_string();
        let function = resource_name(socket.function);
        assert!(
            uri.contains(&format!("${{{function}.Arn}}")),
            "{}: {uri}",
            socket.route_key
        );
        assert!(
            template
                .resources_of("AWS::Lambda::Permission")
                .any(|(_, p)| {
                    p.properties["FunctionName"]["Ref"] == function.as_str()
                        && p.properties["Principal"] == "apigateway.amazonaws.com"
                }),
            "{function} may be invoked by API Gateway"
        );
    }
    let pushers: BTreeSet<String> = template
        .resources_of("AWS::Serverless::Function")
        .filter(|(_, r)| {
            policies(&template, r)
                .iter()
                .any(|p| p["Ref"] == "SocketPushPolicy")
        })
        .map(|(name, _)| name.clone())
        .collect();
    let expected: BTreeSet<String> = SOCKET_ROUTES
        .iter()
        .filter(|r| r.pushes)
        .map(|r| r.function)
        .chain(["push-realtime", "notify", "notify-messages"])
        .map(resource_name)
        .collect();
    assert_eq!(pushers, expected);
}
