//! The hello-world `lambda_runtime` function the cold-start benchmark
//! (`scripts/bench-build`) compares every Kith function's init with, built
//! with the same profile: it answers `null` and does nothing else.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    lambda_http::lambda_runtime::run(lambda_http::lambda_runtime::service_fn(
        |_: lambda_http::lambda_runtime::LambdaEvent<serde_json::Value>| async {
            Ok::<_, lambda_http::Error>(serde_json::Value::Null)
        },
    ))
    .await
}
