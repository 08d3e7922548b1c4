//go:build !race

package threadxdemo_test

// raceBuild shortens the long run under the race detector.
const raceBuild = false
