//! Lambda function `leave-community`: `DELETE /v1/communities/{name}/membership`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::communities::LEAVE_COMMUNITY)
}
