import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * A client for the DynamoDB Local that `make e2e` started. DynamoDB Local accepts any credentials;
 * fixed ones keep the tests independent of the developer's AWS configuration.
 */
export function dynamoDbClientForTests(): DynamoDBClient {
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  if (!endpoint) {
    throw new Error('DYNAMODB_ENDPOINT is not set; run the e2e suite with `make e2e`');
  }
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 2,
  });
}
