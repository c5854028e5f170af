//! Reports: one item each, queued on GSI1 by where it is handled (a
//! community's moderators, or `site` for the admins) and by status.

use crate::moderation::keys;
use crate::platform::cursor::Position;
use crate::platform::error::Result;
use crate::platform::events::Envelope;
use crate::platform::store::Item;
use crate::platform::store::Store;
use crate::platform::store::encode;
use crate::platform::store::n;
use crate::platform::store::ops::put_op;
use crate::platform::store::ops::update_op;
use crate::platform::store::s;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    Open,
    Resolved,
}

impl ReportStatus {
    pub fn name(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Resolved => "resolved",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub id: String,
    pub reporter_id: String,
    /// `post:<id>`, `comment:<id>` or `user:<id>`.
    pub target: String,
    /// Whose moderators handle it; `None`: the site's admins.
    pub community_id: Option<String>,
    pub reason: String,
    pub status: ReportStatus,
    pub resolution: Option<String>,
    pub resolved_by: Option<String>,
    /// Epoch milliseconds.
    pub created_at: i64,
    pub resolved_at: Option<i64>,
}

impl Report {
    /// The queue it waits in: a community id, or `site`.
    pub fn queue(&self) -> &str {
        self.community_id.as_deref().unwrap_or("site")
    }
}

impl Store {
    /// Files a report with its `report.filed` event.
    pub async fn file_report(&self, report: &Report, event: &Envelope) -> Result<()> {
        let mut item = encode(keys::report(&report.id), report)?;
        item.insert(
            "GSI1PK".into(),
            s(keys::report_queue(
                report.queue(),
                ReportStatus::Open.name(),
            )),
        );
        item.insert("GSI1SK".into(), s(&report.id));
        let ops = vec![
            put_op(&self.table, item, Some("attribute_not_exists(PK)"))?,
            self.outbox_op(event)?,
        ];
        self.transact(ops).await?.ok();
        Ok(())
    }

    pub async fn report(&self, id: &str) -> Result<Option<Report>> {
        self.get(keys::report(id)).await
    }

    /// Marks an open report resolved and moves it to the resolved queue,
    /// with its `report.resolved` event; false if it was resolved meanwhile.
    pub async fn resolve_report(&self, resolved: &Report, event: &Envelope) -> Result<bool> {
        let op = update_op(
            &self.table,
            keys::report(&resolved.id),
            "SET #status = :resolved, resolution = :resolution, resolved_by = :by, resolved_at = :at, GSI1PK = :queue",
            "#status = :open",
            Item::from([
                (":resolved".into(), s(ReportStatus::Resolved.name())),
                (":open".into(), s(ReportStatus::Open.name())),
                (
                    ":resolution".into(),
                    s(resolved.resolution.clone().unwrap_or_default()),
                ),
                (
                    ":by".into(),
                    s(resolved.resolved_by.clone().unwrap_or_default()),
                ),
                (":at".into(), n(resolved.resolved_at.unwrap_or_default())),
                (
                    ":queue".into(),
                    s(keys::report_queue(
                        resolved.queue(),
                        ReportStatus::Resolved.name(),
                    )),
                ),
            ]),
        )?;
        Ok(self
            .transact(vec![op, self.outbox_op(event)?])
            .await?
            .is_ok())
    }

    /// A queue's reports of one status, newest first.
    pub async fn report_queue_page(
        &self,
        queue: &str,
        status: ReportStatus,
        limit: i32,
        after: Option<Position>,
    ) -> Result<(Vec<Report>, Option<Position>)> {
        let pk = keys::report_queue(queue, status.name());
        self.query_page(Some("GSI1"), "GSI1PK", pk, limit, after)
            .await
    }
}
