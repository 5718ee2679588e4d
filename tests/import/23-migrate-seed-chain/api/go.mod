module github.com/acme/timesheets

go 1.23

require (
	github.com/jackc/pgx/v5 v5.7.1
	github.com/spf13/cobra v1.8.1
)
