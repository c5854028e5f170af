//! Lambda function `list-community-members`: `GET /v1/communities/{name}/members`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::communities::LIST_COMMUNITY_MEMBERS)
}
