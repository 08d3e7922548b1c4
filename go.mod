module github.com/nxsim/nxsim

go 1.26.0

require (
	github.com/google/gopacket v1.1.19
	github.com/pion/dtls/v2 v2.2.12
	github.com/pion/transport/v2 v2.2.4
	github.com/stretchr/testify v1.12.1
	go.yaml.in/yaml/v3 v3.0.5
)

require (
	github.com/pion/logging v0.2.2 // indirect
	golang.org/x/crypto v0.58.0 // indirect
	golang.org/x/net v0.62.0 // indirect
	golang.org/x/sys v0.50.0 // indirect
)
