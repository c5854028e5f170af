//! Lambda function `update-me`: `PATCH /v1/me`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::profiles::UPDATE_ME)
}
