//! The writes a TransactWriteItems call is made of: puts, deletes and
//! updates under conditions, and condition checks. Attribute names written
//! `#name` in an expression are bound to `name`.

use crate::platform::error::Error;
use crate::platform::store::Item;
use aws_sdk_dynamodb::types::{ConditionCheck, Delete, Put, TransactWriteItem, Update};
use std::collections::HashMap;

/// One write inside a TransactWriteItems call.
pub(crate) fn put_op(
    table: &str,
    item: Item,
    condition: Option<&str>,
) -> Result<TransactWriteItem, Error> {
    put_if(table, item, condition, None)
}

pub(crate) fn put_if(
    table: &str,
    item: Item,
    condition: Option<&str>,
    values: Option<Item>,
) -> Result<TransactWriteItem, Error> {
    let put = Put::builder()
        .table_name(table)
        .set_item(Some(item))
        .set_expression_attribute_names(condition.and_then(|c| placeholder_names(&[c])))
        .set_condition_expression(condition.map(Into::into))
        .set_expression_attribute_values(values)
        .build()
        .map_err(|e| Error::internal("build Put", e))?;
    Ok(TransactWriteItem::builder().put(put).build())
}

pub(crate) fn delete_op(
    table: &str,
    key: Item,
    condition: Option<&str>,
    values: Option<Item>,
) -> Result<TransactWriteItem, Error> {
    let delete = Delete::builder()
        .table_name(table)
        .set_key(Some(key))
        .set_expression_attribute_names(condition.and_then(|c| placeholder_names(&[c])))
        .set_condition_expression(condition.map(Into::into))
        .set_expression_attribute_values(values)
        .build()
        .map_err(|e| Error::internal("build Delete", e))?;
    Ok(TransactWriteItem::builder().delete(delete).build())
}

pub(crate) fn update_op(
    table: &str,
    key: Item,
    update: &str,
    condition: &str,
    values: Item,
) -> Result<TransactWriteItem, Error> {
    let op = Update::builder()
        .table_name(table)
        .set_key(Some(key))
        .update_expression(update)
        .condition_expression(condition)
        .set_expression_attribute_names(placeholder_names(&[update, condition]))
        .set_expression_attribute_values((!values.is_empty()).then_some(values))
        .build()
        .map_err(|e| Error::internal("build Update", e))?;
    Ok(TransactWriteItem::builder().update(op).build())
}

/// Each `#name` placeholder in the expressions stands for the attribute
/// `name`: how reserved words such as `text` are written.
pub(crate) fn placeholder_names(expressions: &[&str]) -> Option<HashMap<String, String>> {
    let names: HashMap<String, String> = expressions
        .iter()
        .flat_map(|e| e.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '#')))
        .filter_map(|word| word.strip_prefix('#'))
        .map(|name| (format!("#{name}"), name.to_owned()))
        .collect();
    (!names.is_empty()).then_some(names)
}

pub(crate) fn check_op(
    table: &str,
    key: Item,
    condition: &str,
) -> Result<TransactWriteItem, Error> {
    let check = ConditionCheck::builder()
        .table_name(table)
        .set_key(Some(key))
        .set_expression_attribute_names(placeholder_names(&[condition]))
        .condition_expression(condition)
        .build()
        .map_err(|e| Error::internal("build ConditionCheck", e))?;
    Ok(TransactWriteItem::builder().condition_check(check).build())
}
