//! Lambda function `list-bookmarks`: `GET /v1/me/bookmarks`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::engagement::LIST_BOOKMARKS)
}
