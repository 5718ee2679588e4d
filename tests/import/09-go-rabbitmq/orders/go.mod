module github.com/acme/orders

go 1.23

require (
	github.com/go-chi/chi/v5 v5.1.0
	github.com/rabbitmq/amqp091-go v1.10.0
)
