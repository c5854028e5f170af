//! Lambda function `list-community-reports`: `GET /v1/communities/{name}/reports`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::moderation::LIST_COMMUNITY_REPORTS)
}
