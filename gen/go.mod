module github.com/lanesimd/lanes/gen

go 1.26.0

replace github.com/lanesimd/lanes => ../

require (
	github.com/lanesimd/lanes v0.0.0-00010101000000-000000000000
	github.com/mmcloughlin/avo v0.6.0
	golang.org/x/mod v0.42.0
)

require (
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/tools v0.52.0 // indirect
)
