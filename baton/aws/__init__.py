"""The AWS Step Functions JSON protocol at /aws/: boto3 and the AWS CLI work against Baton.

POST with `Content-Type: application/x-amz-json-1.0` and `X-Amz-Target: AWSStepFunctions.<Action>`,
authenticated with Signature Version 4 by a Baton access key (`baton.aws.keys`).
"""
