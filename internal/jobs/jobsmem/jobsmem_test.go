package jobsmem_test

import (
	"testing"

	"github.com/folkmoot/folkmoot/internal/jobs"
	"github.com/folkmoot/folkmoot/internal/jobs/jobsmem"
	"github.com/folkmoot/folkmoot/internal/storage/storagetest"
)

// TestStoreSuite runs the storage suite's job tests on the fake, so that
// it behaves as the databases do.
func TestStoreSuite(t *testing.T) {
	storagetest.RunJobs(t, func(*testing.T) jobs.Store { return jobsmem.New() })
}
