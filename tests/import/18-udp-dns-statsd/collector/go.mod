module example.com/collector

go 1.23

require github.com/prometheus/client_golang v1.20.5
