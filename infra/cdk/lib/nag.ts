// cdk-nag findings reviewed and accepted: each pattern with its reason.
// Findings are acknowledged by their exact id (`Rule[finding]`), which for
// IAM5 embeds generated reference names, so the patterns are matched against
// a first pass of the checks; test/nag.test.ts fails on anything left.
import { Stack, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";

const REVIEWED: [RegExp, string][] = [
  [
    /^AwsSolutions-IAM4\[Policy::arn:<AWS::Partition>:iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole\]$/,
    "The basic execution role only lets a function write its own CloudWatch Logs (the role SAM gives each function too).",
  ],
  [
    /^AwsSolutions-IAM5\[Resource::<MediaBucket\.Arn>\/(media|uploads)\/\*\]$/,
    "Scoped to the one prefix the function reads or writes; object keys are ids minted at run time.",
  ],
  [
    /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:<JwtSigningKeySecretName>-\*\]$/,
    "Secrets Manager appends a random suffix to a secret's ARN; the name is the JwtSigningKeySecretName parameter.",
  ],
  [
    /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:sns:<AWS::Region>:<AWS::AccountId>:(app|endpoint)\/\*\]$/,
    "Platform endpoints are created per device at run time, under platform applications given as (possibly empty) parameters.",
  ],
  [
    /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<WebSocketApi>\/live\/POST\/@connections\/\*\]$/,
    "Connection ids are minted per connection; the grant is this API's live stage only.",
  ],
  [/^AwsSolutions-IAM5\[Resource::\*\]$/, "X-Ray's PutTraceSegments and PutTelemetryRecords, Rekognition's DetectModerationLabels and DetectLabels, and dynamodb:ListStreams (the stream event source's grant) take no resource-level permissions."],
  [
    /^AwsSolutions-IAM5\[Resource::<[A-Za-z]+Function\.Arn>:\*\]$/,
    "EventBridge Scheduler's role may invoke the function's versions (the grant of CDK's LambdaInvoke target).",
  ],
  [/^AwsSolutions-SQS3$/, "These queues are the dead-letter queues (and the stream's on-failure destination)."],
  [
    /^AwsSolutions-SNS3$/,
    "Only AWS services publish to the topics (SES feedback, SNS delivery failures); the feedback topic's policy admits SES of this account alone.",
  ],
  [
    /^AwsSolutions-S1$/,
    "Server access logs would need a second bucket; object-level auditing is CloudTrail data events, enabled per account.",
  ],
  [
    /^AwsSolutions-APIG1$/,
    "Every invocation is logged by its function (route, user, status, duration in a tracing span); stage access logs are not configured yet.",
  ],
  [
    /^AwsSolutions-APIG4$/,
    "Each function verifies the bearer token itself (EdDSA, issuer, audience, expiry: docs/architecture.md); sign-up, sign-in and the JWKS are public by design.",
  ],
];

export function acknowledgeReviewedFindings(stack: Stack) {
  // The stack's parameters hold secrets' names, not secrets.
  Validations.of(stack).acknowledge({
    id: "CloudFormation-Validate::W2509",
    reason: "JwtSigningKeySecretName and CursorKeySecretName name secrets; they hold none.",
  });
  for (const violation of new AwsSolutionsChecks().validateScope(stack).violations) {
    const reviewed = REVIEWED.find(([pattern]) => pattern.test(violation.ruleName));
    if (reviewed) Validations.of(stack).acknowledge({ id: violation.ruleName, reason: reviewed[1] });
  }
}
