"""The staff CLI (admin/) against DynamoDB Local and the local stack."""
