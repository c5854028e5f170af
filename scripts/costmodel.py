#!/usr/bin/env python3
"""Kith's monthly AWS bill for a workload, from the units scripts/bench-capacity measured.

Input: the JSON the capacity benchmark prints (tests/examples/capacity.rs): per
operation, the DynamoDB calls and request units of the request and of the
asynchronous work it causes, and the events, emails and pushes it led to.
Prints the per-operation table and the monthly cost by service.

Assumptions (stated in docs/benchmarks.md; change them here):
- Prices: us-east-1 public on-demand list prices, arm64 Lambda.
- Lambda time is modelled, not taken from the local run (moto answers far
  slower than DynamoDB): 2 ms of compute per invocation plus 4 ms per
  DynamoDB call (in-region round trip), 256 MB, one invocation for the
  request and one per asynchronous handler run (approximated by the events).
- Images are served through CloudFront: egress of the variant shown and one
  HTTPS request per image, beyond the monthly free 1 TB and 10M requests.
- A sampled operation (views: only a share of the viewers is counted) pays
  its API request and function invocation every time, its writes, events
  and asynchronous work for that share only.
- An event that waits in a delay queue (message.created before
  notify-messages) costs 3 SQS requests: EventBridge's send, Lambda's
  receive and delete, as if every batch held one message (the worst case).
"""

import argparse
import json

PRICE = {
    "http_api_per_m": 1.00,  # API Gateway HTTP API, the first 300M requests a month
    "http_api_over_300m_per_m": 0.90,  # and each million after those
    "lambda_req_per_m": 0.20,
    "lambda_gb_s": 0.0000133334,  # arm64
    "ddb_wru_per_m": 0.625,  # on-demand write request units
    "ddb_rru_per_m": 0.125,  # on-demand read request units
    "ddb_storage_gb": 0.25,
    "eventbridge_per_m": 1.00,  # custom events
    "ses_per_k": 0.10,
    "sqs_per_m": 0.40,  # standard queue requests
    "sns_push_per_m": 0.50,  # mobile push notifications
    "ws_minutes_per_m": 0.25,  # API Gateway WebSocket connection minutes
    "ws_messages_per_m": 1.00,
    "s3_storage_gb": 0.023,
    "cdn_egress_gb": 0.085,  # CloudFront, first 10 TB (the first 1 TB a month is free)
    "cdn_https_per_10k": 0.01,  # CloudFront HTTPS requests (the first 10M a month are free)
}

# The workload: 1M monthly / 300K daily active users; requests per DAU per day.
WORKLOAD = {
    "dau": 300_000,
    "per_dau_day": {
        "feed_page": 10,
        "get_post": 8,
        "get_profile": 5,
        "react": 5,
        "list_comments": 5,
        "create_comment": 0.5,
        "create_post": 0.2,
        "follow": 0.2,
        "refresh_token": 4,
        "vote": 1,
        "list_notifications": 3,
        "send_message": 3,
        "list_messages": 3,
        "upload_media": 0.05,
        "report_views": 10,  # one report per feed page shown
        "get_my_flags": 2,  # at app start
        "post_analytics": 0.1,
    },
    # Operations whose writes and asynchronous work happen for a share of the
    # requests only: views are counted for a sample of the viewers
    # (KITH_VIEWS_SAMPLE_PERCENT, 10 deployed); the benchmark measures a
    # sampled one.
    "sampled": {"report_views": 0.10},
    "ws_minutes_per_dau_day": 30,  # time connected for real-time delivery
    "ws_frames_per_message": 2,  # the recipient's frame and the sender's other devices
    # Feed images are shown as the small variant (480 px), and a few opened
    # at the large one (1280 px); sizes are the lossy WebP variants of a
    # photograph as scripts/bench-media measured them (docs/benchmarks.md).
    "images_viewed_per_dau_day": 20,
    "image_kb": 7.6,
    "images_opened_per_dau_day": 2,
    "opened_image_kb": 41.0,
    "table_gb": 200,
    "media_gb": 1000,
}

LAMBDA_MB = 256
SQS_REQUESTS_PER_QUEUED = 3
LAMBDA_BASE_MS = 2
LAMBDA_MS_PER_CALL = 4
DAYS = 30


def lambda_cost(invocations, calls):
    ms = invocations * LAMBDA_BASE_MS + calls * LAMBDA_MS_PER_CALL
    gb_s = ms / 1000 * LAMBDA_MB / 1024
    return invocations / 1e6 * PRICE["lambda_req_per_m"] + gb_s * PRICE["lambda_gb_s"]


def table(ops, followers):
    print("| operation | calls | read units | write units | index write units | async calls | async read | async write | async index write |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, op in ops.items():
        r, a = op["request"], op["async"]
        print(
            f"| {name} | {r['calls']:.0f} | {r['rru']:g} | {r['wru']:g} | {r['gsi_wru']:g} "
            f"| {a['calls']:.0f} | {a['rru']:g} | {a['wru']:g} | {a['gsi_wru']:g} |"
        )
    post = ops["create_post"]["async"]
    print(f"\ncreate_post's fan-out per follower ({followers} followers): "
          f"{(post['wru'] + post['gsi_wru']) / followers:.2f} write units")


def monthly(ops, dau):
    cost = {k: 0.0 for k in ("dynamodb", "lambda", "api", "events", "sqs", "ses", "sns", "websocket", "s3", "cdn")}
    requests = 0.0
    by_operation = {}
    for name, per_day in WORKLOAD["per_dau_day"].items():
        op = ops[name]
        n = dau * per_day * DAYS
        r, a = op["request"], op["async"]
        share = WORKLOAD["sampled"].get(name, 1.0)
        rru = r["rru"] + share * a["rru"]
        wru = share * (r["wru"] + r["gsi_wru"] + a["wru"] + a["gsi_wru"])
        by_operation[name] = n * (rru * PRICE["ddb_rru_per_m"] + wru * PRICE["ddb_wru_per_m"]) / 1e6
        cost["dynamodb"] += by_operation[name]
        cost["lambda"] += lambda_cost(n, n * r["calls"]) + lambda_cost(share * n * op["events"], share * n * a["calls"])
        cost["sqs"] += n * op["queued"] * SQS_REQUESTS_PER_QUEUED / 1e6 * PRICE["sqs_per_m"]
        requests += n
        cost["events"] += share * n * op["events"] / 1e6 * PRICE["eventbridge_per_m"]
        cost["ses"] += n * op["emails"] / 1e3 * PRICE["ses_per_k"]
        cost["sns"] += n * op["pushes"] / 1e6 * PRICE["sns_push_per_m"]
    messages = dau * WORKLOAD["per_dau_day"]["send_message"] * DAYS
    minutes = dau * WORKLOAD["ws_minutes_per_dau_day"] * DAYS
    cost["websocket"] = minutes / 1e6 * PRICE["ws_minutes_per_m"] + messages * WORKLOAD["ws_frames_per_message"] / 1e6 * PRICE["ws_messages_per_m"]
    millions = requests / 1e6
    cost["api"] = min(millions, 300) * PRICE["http_api_per_m"] + max(0.0, millions - 300) * PRICE["http_api_over_300m_per_m"]
    cost["dynamodb"] += WORKLOAD["table_gb"] * PRICE["ddb_storage_gb"]
    cost["s3"] = WORKLOAD["media_gb"] * PRICE["s3_storage_gb"]
    viewed = dau * WORKLOAD["images_viewed_per_dau_day"] * DAYS
    opened = dau * WORKLOAD["images_opened_per_dau_day"] * DAYS
    images = viewed + opened
    egress_gb = (viewed * WORKLOAD["image_kb"] + opened * WORKLOAD["opened_image_kb"]) / 1e6
    cost["cdn"] = max(0.0, egress_gb - 1000) * PRICE["cdn_egress_gb"] + max(0.0, images - 10e6) / 1e4 * PRICE["cdn_https_per_10k"]
    print("\nDynamoDB requests by operation, largest first ($ a month):\n")
    print("| operation | $ a month |")
    print("|---|---:|")
    for name, dollars in sorted(by_operation.items(), key=lambda kv: -kv[1]):
        print(f"| {name} | {dollars:,.0f} |")
    print(f"\nMonthly cost for {dau:,} daily active users (scripts/costmodel.py's workload):\n")
    print("| service | $ a month |")
    print("|---|---:|")
    for service, dollars in cost.items():
        print(f"| {service} | {dollars:,.0f} |")
    print(f"| **total** | **{sum(cost.values()):,.0f}** |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("measurements", help="the JSON scripts/bench-capacity wrote")
    parser.add_argument("--dau", type=int, default=WORKLOAD["dau"])
    args = parser.parse_args()
    ops = json.load(open(args.measurements))
    followers = ops.pop("_followers")
    table(ops, followers)
    monthly(ops, args.dau)


if __name__ == "__main__":
    main()
