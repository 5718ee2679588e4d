"""What `generate` renders, one module per kind of output, all pure: files in memory."""
