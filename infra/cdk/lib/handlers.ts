// The event handlers' wiring: what triggers each one and what it may do.
// template.yaml writes the same by hand; the parity test compares the two.

/** Access beyond the function's logs. */
export type Access =
  | "table" // reads and writes the table
  | "mail" // ses:SendEmail from the sender identity
  | "push" // SNS platform endpoints (PushPolicy)
  | "socket" // frames to WebSocket connections (SocketPushPolicy)
  | "mediaRead" // signs download links (media/*)
  | "mediaProcess" // uploads/* -> media/*, and Rekognition
  | "mediaDelete"; // deletes objects under uploads/ and media/

export type Trigger =
  /**
   * A rule on the Kith bus (or, for `s3Uploads`, the default bus); with
   * `delay`, the rule sends to a queue that holds each event that long and
   * the function reads it in batches, retrying a message up to `receives` times.
   */
  | {
      rule: string;
      detailTypes: string[];
      retries: number;
      maxAgeSeconds: number;
      delay?: { seconds: number; receives: number };
    }
  | { rule: string; s3Uploads: true; retries: number; maxAgeSeconds: number }
  | { schedule: string }
  | { topic: "EmailFeedbackTopic" | "PushFailuresTopic"; event: string }
  | { outboxStream: true };

export interface EventHandler {
  function: string;
  description: string;
  memorySize?: number;
  timeoutSeconds?: number;
  environment?: Record<string, string>;
  access: Access[];
  trigger: Trigger;
}

const DAY = 86400;
const HOUR = 3600;
const rule = (name: string, detailTypes: string[], maxAgeSeconds = HOUR) =>
  ({ rule: name, detailTypes, retries: 8, maxAgeSeconds }) as const;

export const EVENT_HANDLERS: EventHandler[] = [
  {
    function: "publish-events",
    description: "Table stream (outbox items) -> EventBridge",
    access: [],
    trigger: { outboxStream: true },
  },
  {
    function: "fanout-post",
    description: "post events -> followers' home feeds, or a celebrity's recent posts",
    timeoutSeconds: 300,
    memorySize: 512,
    access: ["table"],
    trigger: rule("PostEvents", ["post.created", "post.edited", "post.deleted"]),
  },
  {
    function: "backfill-feed",
    description: "graph changes -> the follower's feed (backfill on follow, celebrity pulls, promotion)",
    // Promoting an account to celebrity touches every follower's pulled set.
    timeoutSeconds: 300,
    access: ["table"],
    trigger: rule("GraphChanges", ["user.followed", "user.unfollowed", "user.blocked"]),
  },
  {
    function: "process-media",
    description:
      "S3 Object Created (uploads/) -> checked, stripped, resized variants and a ready or rejected media record",
    // Decoding a 50 MP image takes memory (and CPU, which scales with it).
    memorySize: 1769,
    timeoutSeconds: 60,
    environment: {
      KITH_MODERATION: "rekognition",
      KITH_MODERATION_MIN_CONFIDENCE: "80",
      KITH_MODERATION_SENSITIVE: "Suggestive",
    },
    access: ["table", "mediaProcess"],
    trigger: { rule: "Uploads", s3Uploads: true, retries: 4, maxAgeSeconds: HOUR },
  },
  {
    function: "delete-media",
    description: "post.deleted / user.deleted -> the media records and their objects",
    timeoutSeconds: 60,
    access: ["table", "mediaDelete"],
    trigger: rule("Deletions", ["post.deleted", "user.deleted", "message.deleted"], DAY),
  },
  {
    function: "erase-deleted",
    description: "user.deleted / post.deleted -> what the account or post left in others' places, erased",
    timeoutSeconds: 900,
    access: ["table"],
    trigger: rule("Deletions", ["post.deleted", "user.deleted"], DAY),
  },
  {
    function: "rank-post",
    description: "vote.cast -> the post's hot and controversial ranks",
    access: ["table"],
    trigger: rule("Votes", ["vote.cast"]),
  },
  {
    function: "update-inboxes",
    description: "message.* / conversation.updated -> every member's inbox entry",
    access: ["table"],
    trigger: rule("Messaging", ["message.created", "message.edited", "message.deleted", "conversation.updated"]),
  },
  {
    function: "push-realtime",
    description: "messaging events -> frames on the members' open WebSocket connections",
    access: ["table", "socket", "mediaRead"],
    trigger: rule("Messaging", [
      "message.created",
      "message.edited",
      "message.reacted",
      "message.deleted",
      "conversation.read",
      "conversation.member_added",
      "conversation.member_removed",
      "conversation.updated",
      "post.created",
    ]),
  },
  {
    function: "notify",
    description: "events -> in-app notifications for the accounts concerned, pushed live",
    access: ["table", "socket", "push", "mail"],
    trigger: rule("Notifiable", [
      "user.followed",
      "follow.requested",
      "reaction.added",
      "comment.created",
      "post.created",
      "mod.action",
      "report.resolved",
    ]),
  },
  {
    function: "notify-messages",
    description: "message.created -> a notification to members who have not read it shortly after",
    memorySize: 128,
    access: ["table", "socket", "push", "mail"],
    // A queue waits out the 15 s in which a message read as it arrives needs no notification.
    trigger: { ...rule("Messages", ["message.created"]), delay: { seconds: 15, receives: 9 } },
  },
  {
    function: "release-pushes",
    description: "every 15 minutes: one summary push to each account whose quiet hours ended",
    timeoutSeconds: 300,
    access: ["table", "push", "mail"],
    trigger: { schedule: "rate(15 minutes)" },
  },
  {
    function: "send-digests",
    description: "every hour: the digest email of each account whose digest fell due",
    timeoutSeconds: 300,
    access: ["table", "mail"],
    trigger: { schedule: "rate(1 hour)" },
  },
  {
    function: "count-activity",
    description: "the events the daily report counts -> the day's counters, once per event",
    memorySize: 128,
    access: ["table"],
    trigger: rule("Activity", [
      "user.registered",
      "post.created",
      "comment.created",
      "reaction.added",
      "message.created",
      "media.processed",
      "media.rejected",
      "report.filed",
      "report.resolved",
      "experiment.exposed",
      "views.reported",
    ]),
  },
  {
    function: "send-daily-report",
    description: "every morning: yesterday's activity, failures and dead letters to the operators",
    timeoutSeconds: 60,
    access: ["table", "mail"],
    trigger: { schedule: "cron(0 6 * * ? *)" },
  },
  {
    function: "email-feedback",
    description: "SES bounces and complaints -> the address on the suppression list",
    access: ["table"],
    trigger: { topic: "EmailFeedbackTopic", event: "Feedback" },
  },
  {
    function: "push-failures",
    description: "SNS delivery failures -> the disabled endpoint and its device removed",
    access: ["table", "push"],
    trigger: { topic: "PushFailuresTopic", event: "Failures" },
  },
];
