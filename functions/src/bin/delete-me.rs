//! Lambda function `delete-me`: `DELETE /v1/me`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::profiles::DELETE_ME)
}
