//! Lambda function `jwks`: `GET /.well-known/jwks.json`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::accounts::JWKS)
}
