//! The daily report: a day's counters and the dead-letter queues' depth,
//! emailed to the operators.

use crate::adapters::mailer::Email;
use crate::operations::model::Report;
use crate::platform::context::App;
use crate::platform::error::Result;

/// `day`'s report as it stands.
pub async fn report(app: &App, day: &str) -> Result<Report> {
    let counters = app.store.counters(day).await?;
    let mut dead_letters = Vec::new();
    for url in &app.config.dead_letter_queues {
        let name = url.rsplit('/').next().unwrap_or(url).to_owned();
        dead_letters.push((name, app.queues.depth(url).await?));
    }
    Ok(Report {
        day: day.to_owned(),
        counters,
        dead_letters,
    })
}

/// Emails `day`'s report to every operator (once a day unless `again`);
/// how many it went to.
pub async fn send(app: &App, day: &str, again: bool) -> Result<usize> {
    if app.config.operator_emails.is_empty() {
        tracing::warn!("no operator addresses (KITH_OPERATOR_EMAILS); no report sent");
        return Ok(0);
    }
    let report = report(app, day).await?;
    if !again
        && !app
            .store
            .claim_report(day, crate::platform::clock::now_ms())
            .await?
    {
        return Ok(0);
    }
    let mut sent = 0;
    for to in &app.config.operator_emails {
        let email = Email {
            to: to.clone(),
            subject: report.subject(),
            text: report.text(),
            headers: Vec::new(),
        };
        if app.mail(email).await? {
            sent += 1;
        }
    }
    Ok(sent)
}
