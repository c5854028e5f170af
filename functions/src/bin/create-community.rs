//! Lambda function `create-community`: `POST /v1/communities`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::communities::CREATE_COMMUNITY)
}
