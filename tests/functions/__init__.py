"""The forms API (functions/): handlers called directly, on real tables in DynamoDB Local."""
