//! Views reported by clients, and what each author sees of their posts.
//! A report never waits on counting: it is sampled, then put on the bus as
//! one `views.reported` event; `count-activity` counts it once, with the
//! reactions, comments and reposts it already counts for the daily report.

use crate::analytics::model::{DAYS, DayCounts, DayView, VIEWS_MAX, sampled};
use crate::platform::clock::{DAY_MS, now_ms};
use crate::platform::context::App;
use crate::platform::error::{Denied, Error, Result};
use crate::platform::events::{Event, ViewsReported};
use crate::platform::ids::{Id, PostId};
use crate::platform::store::counters::day_of;
use crate::posts::reading::visible_post;
use serde::Serialize;
use std::collections::BTreeMap;

/// Takes a client's report of the posts it showed; returns how many
/// distinct posts it named. Only the sampled share of viewers (each
/// viewer all day or not at all) is written, weighted to stand for all.
#[tracing::instrument(skip(app, post_ids), fields(reported = post_ids.len()))]
pub async fn report_views(app: &App, me: &str, post_ids: Vec<String>) -> Result<usize> {
    if post_ids.is_empty() || post_ids.len() > VIEWS_MAX {
        return Err(Error::validation(
            "post_ids",
            format!("from 1 to {VIEWS_MAX} post ids"),
        ));
    }
    let mut ids = Vec::with_capacity(post_ids.len());
    for raw in post_ids {
        let id = PostId::parse(&raw)
            .ok_or_else(|| Error::validation("post_ids", format!("{raw:?} is not a post id")))?;
        ids.push(String::from(id));
    }
    ids.sort_unstable();
    ids.dedup();
    let day = day_of(now_ms());
    let percent = app.config.views_sample_percent;
    if sampled(me, &day, percent) {
        let event = Event::ViewsReported(ViewsReported {
            viewer_id: me.to_owned(),
            post_ids: ids.clone(),
            weight: 100.0 / percent,
        });
        app.store.publish(&event.at(now_ms() / 1000)).await?;
    }
    Ok(ids.len())
}

/// What an event adds to the analytics.
pub enum Counted<'a> {
    Views(&'a ViewsReported),
    /// One more `field` on a post (and its author's day).
    Post {
        post: &'a str,
        author: &'a str,
        field: &'static str,
    },
}

/// What `count-activity` counts of `event` here, if anything.
pub fn counted(event: &Event) -> Option<Counted<'_>> {
    Some(match event {
        Event::ViewsReported(v) => Counted::Views(v),
        Event::ReactionAdded(r) if r.previous.is_none() => Counted::Post {
            // A comment's reactions are the comment's, not the post's.
            post: r.target.strip_prefix("post:")?,
            author: &r.target_author_id,
            field: "reactions",
        },
        Event::CommentCreated(c) => Counted::Post {
            post: &c.post_id,
            author: &c.post_author_id,
            field: "comments",
        },
        Event::PostCreated(p) => {
            let original = p.repost_of.as_ref()?;
            Counted::Post {
                post: &original.post_id,
                author: &original.author_id,
                field: "reposts",
            }
        }
        _ => return None,
    })
}

/// Counts what `counted` found (once: `count-activity` guards the event)
/// on `day`, for the post concerned and its author.
pub async fn count(app: &App, counted: Counted<'_>, day: &str) -> Result<()> {
    match counted {
        Counted::Views(report) => count_views(app, report, day).await,
        Counted::Post {
            post,
            author,
            field,
        } => {
            tokio::try_join!(
                app.store.count_post_day(post, day, field, 1.0),
                app.store.count_account_day(author, day, field, 1.0)
            )?;
            Ok(())
        }
    }
}

/// The first views of the report's posts by its viewer today, on each post
/// and its author (an author's views of their own posts are not counted).
async fn count_views(app: &App, report: &ViewsReported, day: &str) -> Result<()> {
    let first = app
        .store
        .first_seen(&report.viewer_id, day, &report.post_ids)
        .await?;
    if first.is_empty() {
        return Ok(());
    }
    let posts = app.store.posts(first.iter().map(String::as_str)).await?;
    let mut per_author: BTreeMap<&str, f64> = BTreeMap::new();
    let mut writes = Vec::new();
    for post in posts.iter().filter(|p| p.author_id != report.viewer_id) {
        *per_author.entry(&post.author_id).or_default() += report.weight;
        writes.push(
            app.store
                .count_post_day(&post.id, day, "views", report.weight),
        );
    }
    // The site's total, for the operators' daily report.
    let total = per_author.values().sum::<f64>().round() as i64;
    let authors = per_author
        .into_iter()
        .map(|(author, views)| app.store.count_account_day(author, day, "views", views));
    tokio::try_join!(
        futures_util::future::try_join_all(writes),
        futures_util::future::try_join_all(authors),
        app.store.count(day, &["views"], total, &report.viewer_id)
    )?;
    Ok(())
}

/// The last [`DAYS`] UTC days, newest first, with totals.
#[derive(Debug, Serialize)]
pub struct Analytics {
    pub days: Vec<DayView>,
    pub totals: DayView,
}

impl Analytics {
    /// Every day of the window, zero where nothing was counted.
    fn of(counted: Vec<DayCounts>) -> Self {
        let now = now_ms();
        let mut by_day: BTreeMap<String, DayCounts> =
            counted.into_iter().map(|c| (c.day.clone(), c)).collect();
        let mut total = DayCounts {
            day: "total".into(),
            ..DayCounts::default()
        };
        let days = (0..DAYS)
            .map(|back| {
                let day = day_of(now - back * DAY_MS);
                let counts = by_day.remove(&day).unwrap_or(DayCounts {
                    day,
                    ..DayCounts::default()
                });
                total.views += counts.views;
                total.reactions += counts.reactions;
                total.comments += counts.comments;
                total.reposts += counts.reposts;
                DayView::from(counts)
            })
            .collect();
        Self {
            days,
            totals: DayView::from(total),
        }
    }
}

fn first_day() -> String {
    day_of(now_ms() - (DAYS - 1) * DAY_MS)
}

/// A post's analytics, for its author only (others get 404 if they cannot
/// see the post, 403 if they can).
pub async fn post_analytics(app: &App, me: &str, post_id: &PostId) -> Result<Analytics> {
    let post = visible_post(app, Some(me), post_id).await?;
    if post.author_id != me {
        return Err(Error::denied(
            Denied::NotTheAuthor,
            "only a post's author sees its analytics",
        ));
    }
    let days = app.store.post_days(&post.id, &first_day()).await?;
    Ok(Analytics::of(days))
}

/// My totals over all my posts, by day.
pub async fn my_analytics(app: &App, me: &str) -> Result<Analytics> {
    let days = app.store.account_days(me, &first_day()).await?;
    Ok(Analytics::of(days))
}
