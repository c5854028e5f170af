//! Where graph items live in the table: the one place that knows their keys.

use crate::accounts::keys::user_pk;
use crate::graph::model::{List, Relation, RelationKind};
use crate::platform::store::{Item, key, s};

/// A directed relation lives in its `from` side's partition.
pub fn relation(kind: RelationKind, from: &str, to: &str) -> Item {
    key(user_pk(from), &format!("{}#{to}", kind.tag()))
}

/// Where a list is read: (index, partition-key attribute, partition-key value).
/// Members sort by `<created_at millis>#<member id>` in the matching SK attribute.
pub fn list_index(list: List, owner: &str) -> (&'static str, &'static str, String) {
    match list {
        List::Followers => ("GSI1", "GSI1PK", format!("FOLLOWERS#{owner}")),
        List::Following => ("GSI2", "GSI2PK", format!("FOLLOWING#{owner}")),
        List::FollowRequests => ("GSI1", "GSI1PK", format!("FOLLOWREQS#{owner}")),
        List::Blocks => ("GSI1", "GSI1PK", format!("BLOCKS#{owner}")),
        List::Mutes => ("GSI1", "GSI1PK", format!("MUTES#{owner}")),
    }
}

/// The index attributes that place a relation in every list it belongs to.
pub fn relation_index_attributes(relation: &Relation) -> Item {
    let lists: &[List] = match relation.kind {
        RelationKind::Follows => &[List::Followers, List::Following],
        RelationKind::Requests => &[List::FollowRequests],
        RelationKind::Blocks => &[List::Blocks],
        RelationKind::Mutes => &[List::Mutes],
    };
    let mut item = Item::new();
    for &list in lists {
        let owner = if list.owner_is_target() {
            &relation.to_id
        } else {
            &relation.from_id
        };
        let (_, pk_attr, pk) = list_index(list, owner);
        item.insert(pk_attr.into(), s(pk));
        item.insert(
            pk_attr.replace("PK", "SK"),
            s(format!(
                "{:013}#{}",
                relation.created_at,
                list.member(relation)
            )),
        );
    }
    item
}
