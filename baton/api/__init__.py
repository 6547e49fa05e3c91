"""What every API view shares: bearer tokens, roles, the error shape, pagination."""
