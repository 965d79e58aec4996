package directory

// Exported for tests of package directory_test.
var (
	HasWordPrefix = hasWordPrefix
	HasWord       = hasWord
)
