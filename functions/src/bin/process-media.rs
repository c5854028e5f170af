//! Lambda function `process-media`: S3 Object Created -> media variants.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(&kith::functions::PROCESS_MEDIA)
}
