//! How an account is shown: to itself, on its profile, and as an author.

use crate::accounts::user::User;
use crate::media::api::AttachmentView;
use crate::media::api::Links;
use crate::media::api::attachment_links;
use crate::platform::context::App;
use crate::platform::error::Result;
use serde::Serialize;
use time::OffsetDateTime;

/// What anyone may see of an account.
#[derive(Serialize)]
pub struct ProfileView {
    pub id: String,
    pub username: String,
    pub display_name: Option<String>,
    pub bio: Option<String>,
    pub website: Option<String>,
    pub location: Option<String>,
    pub private: bool,
    pub followers_count: u64,
    pub following_count: u64,
    pub posts_count: u64,
    pub avatar: Option<AttachmentView>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// What the owner sees: the public view plus private settings.
#[derive(Serialize)]
pub struct MeView {
    #[serde(flatten)]
    pub profile: ProfileView,
    pub email: String,
    pub email_verified: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl ProfileView {
    pub fn new(u: User, links: &Links) -> Self {
        Self {
            avatar: u.avatar.as_ref().map(|a| AttachmentView::new(a, links)),
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            bio: u.bio,
            website: u.website,
            location: u.location,
            private: u.private,
            followers_count: u.followers_count,
            following_count: u.following_count,
            posts_count: u.posts_count,
            created_at: u.created_at,
        }
    }

    /// The profile with its avatar's links.
    pub async fn of(app: &App, user: User) -> Result<Self> {
        let links = attachment_links(app, user.avatar.iter()).await?;
        Ok(Self::new(user, &links))
    }
}

impl MeView {
    pub async fn of(app: &App, u: User) -> Result<Self> {
        let (email, email_verified, updated_at) = (u.email.clone(), u.email_verified, u.updated_at);
        Ok(Self {
            profile: ProfileView::of(app, u).await?,
            email,
            email_verified,
            updated_at,
        })
    }
}

#[derive(Clone, Serialize)]
pub struct AuthorView {
    pub id: String,
    pub username: String,
    pub display_name: Option<String>,
}

impl From<User> for AuthorView {
    fn from(user: User) -> Self {
        Self {
            id: user.id,
            username: user.username,
            display_name: user.display_name,
        }
    }
}
