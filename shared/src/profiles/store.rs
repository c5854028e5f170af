//! Profiles on the table: a patch applied to the account item in one
//! conditional UpdateItem.

use crate::accounts::keys;
use crate::accounts::store::rfc3339;
use crate::accounts::user::User;
use crate::media::model::Attachment;
use crate::platform::error::Error;
use crate::platform::error::Result;
use crate::platform::store::EXISTS;
use crate::platform::store::Item;
use crate::platform::store::Store;
use crate::platform::store::condition_failed;
use crate::platform::store::db;
use crate::platform::store::decode;
use crate::platform::store::ops::placeholder_names;
use crate::platform::store::s;
use crate::profiles::model::ProfilePatch;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue};
use time::OffsetDateTime;

impl Store {
    /// Applies a normalised patch and returns the updated account.
    /// `avatar`: `Some(None)` removes it.
    pub async fn update_profile(
        &self,
        user_id: &str,
        patch: &ProfilePatch,
        avatar: Option<Option<&Attachment>>,
        now: OffsetDateTime,
    ) -> Result<User> {
        // Attribute names go through placeholders: `location` and `private` are reserved words.
        let mut set = vec!["#updated_at = :updated_at".to_owned()];
        let mut remove = Vec::new();
        let mut values = Item::from([(":updated_at".into(), s(rfc3339(now)?))]);
        let texts = [
            ("display_name", &patch.display_name),
            ("bio", &patch.bio),
            ("website", &patch.website),
            ("location", &patch.location),
        ];
        for (name, value) in texts {
            match value {
                Some(Some(text)) => {
                    set.push(format!("#{name} = :{name}"));
                    values.insert(format!(":{name}"), s(text));
                }
                Some(None) => remove.push(format!("#{name}")),
                None => {}
            }
        }
        if let Some(private) = patch.private {
            set.push("#private = :private".into());
            values.insert(":private".into(), AttributeValue::Bool(private));
        }
        match avatar {
            Some(Some(attachment)) => {
                set.push("avatar = :avatar".into());
                let value = serde_dynamo::to_attribute_value(attachment)
                    .map_err(|e| Error::internal("encode avatar", e))?;
                values.insert(":avatar".into(), value);
            }
            Some(None) => remove.push("avatar".to_owned()),
            None => {}
        }
        let mut expression = format!("SET {}", set.join(", "));
        if !remove.is_empty() {
            expression.push_str(&format!(" REMOVE {}", remove.join(", ")));
        }
        let out = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(keys::user(user_id)))
            .set_expression_attribute_names(placeholder_names(&[&expression]))
            .update_expression(expression)
            .condition_expression(EXISTS)
            .set_expression_attribute_values(Some(values))
            .return_values(ReturnValue::AllNew)
            .send()
            .await;
        match out {
            Ok(out) => decode(out.attributes.unwrap_or_default()),
            Err(err) if condition_failed(&err) => {
                Err(Error::Unauthorized("account no longer exists".into()))
            }
            Err(err) => Err(db("UpdateItem")(err)),
        }
    }
}
