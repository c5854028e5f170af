//! Lambda function `react-to-post`: `PUT /v1/posts/{post_id}/reaction`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::engagement::REACT_TO_POST)
}
