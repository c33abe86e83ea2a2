// Command trivy-db writes a Trivy vulnerability database (a BoltDB file) from a JSON description, so
// that tests can scan with the real Trivy, offline, against known advisories.
//
// The description is a list of entries: every element of "path" but the last names a bucket (nested),
// the last is the key, and "value" is stored as its JSON encoding.
//
//	[{"path": ["alpine 3.18", "openssl", "CVE-2023-0001"], "value": {"FixedVersion": "3.1.2-r0"}}]
//
// Usage: trivy-db <description.json> <trivy.db>
package main

import (
	"encoding/json"
	"fmt"
	"os"

	bolt "go.etcd.io/bbolt"
)

type entry struct {
	Path  []string        `json:"path"`
	Value json.RawMessage `json:"value"`
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: trivy-db <description.json> <trivy.db>")
		os.Exit(2)
	}
	if err := build(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "trivy-db:", err)
		os.Exit(1)
	}
}

func build(descriptionPath, dbPath string) error {
	raw, err := os.ReadFile(descriptionPath)
	if err != nil {
		return err
	}
	var entries []entry
	if err := json.Unmarshal(raw, &entries); err != nil {
		return fmt.Errorf("%s: %w", descriptionPath, err)
	}
	db, err := bolt.Open(dbPath, 0o644, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.Update(func(tx *bolt.Tx) error {
		for i, e := range entries {
			if len(e.Path) < 2 {
				return fmt.Errorf("entry %d: path needs a bucket and a key", i)
			}
			bucket, err := tx.CreateBucketIfNotExists([]byte(e.Path[0]))
			if err != nil {
				return err
			}
			for _, name := range e.Path[1 : len(e.Path)-1] {
				if bucket, err = bucket.CreateBucketIfNotExists([]byte(name)); err != nil {
					return err
				}
			}
			// Compact JSON, as Trivy's own DB stores it.
			value, err := json.Marshal(e.Value)
			if err != nil {
				return fmt.Errorf("entry %d: %w", i, err)
			}
			if err := bucket.Put([]byte(e.Path[len(e.Path)-1]), value); err != nil {
				return err
			}
		}
		return nil
	})
}
