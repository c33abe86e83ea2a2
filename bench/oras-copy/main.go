// oras-copy copies an image (an index with every platform, or one manifest) from one registry to
// another with oras-go v1 and containerd's registry client: the Go peer of the benchmark. Built by
// bench/run.js from Debian's golang-oras-oras-go-dev (GOPATH=/usr/share/gocode, GO111MODULE=off).
//
//	oras-copy [-plain-http] SOURCE DESTINATION
//
// Within one registry, blobs are mounted from the source repository, as crane does: the pusher is told
// where each blob came from.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	ccontent "github.com/containerd/containerd/content"
	"github.com/containerd/containerd/images"
	"github.com/containerd/containerd/log"
	"github.com/containerd/containerd/remotes"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
	"github.com/sirupsen/logrus"
	"oras.land/oras-go/pkg/content"
	"oras.land/oras-go/pkg/oras"
)

// mountingResolver gives every pushed descriptor the label containerd's pusher reads to mount a blob
// from the source repository instead of uploading it.
type mountingResolver struct {
	remotes.Resolver
	sourceHost, sourceRepo string
}

type mountingPusher struct {
	remotes.Pusher
	key, repo string
}

func (r mountingResolver) Pusher(ctx context.Context, ref string) (remotes.Pusher, error) {
	pusher, err := r.Resolver.Pusher(ctx, ref)
	if err != nil {
		return nil, err
	}
	return mountingPusher{pusher, "containerd.io/distribution.source." + r.sourceHost, r.sourceRepo}, nil
}

func (p mountingPusher) Push(ctx context.Context, desc ocispec.Descriptor) (ccontent.Writer, error) {
	annotations := map[string]string{p.key: p.repo}
	for key, value := range desc.Annotations {
		annotations[key] = value
	}
	desc.Annotations = annotations
	return p.Pusher.Push(ctx, desc)
}

func main() {
	plainHTTP := flag.Bool("plain-http", false, "talk to both registries over HTTP")
	flag.Parse()
	if flag.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: oras-copy [-plain-http] SOURCE DESTINATION")
		os.Exit(2)
	}
	source, destination := flag.Arg(0), flag.Arg(1)
	logrus.SetOutput(io.Discard)
	ctx := log.WithLogger(context.Background(), logrus.NewEntry(logrus.StandardLogger()))

	options := content.RegistryOptions{PlainHTTP: *plainHTTP}
	from, err := content.NewRegistry(options)
	check(err)
	to, err := content.NewRegistry(options)
	check(err)
	sourceHost, path, _ := strings.Cut(source, "/")
	host := sourceHost
	// containerd keys the label by the host name alone, without the port.
	if i := strings.LastIndex(host, ":"); i >= 0 && !strings.HasSuffix(host, "]") {
		host = host[:i]
	}
	repo := path
	if i := strings.LastIndexAny(repo, ":@"); i >= 0 {
		repo = repo[:i]
	}
	var target remotes.Resolver = to.Resolver
	if destinationHost, _, _ := strings.Cut(destination, "/"); destinationHost == sourceHost {
		target = mountingResolver{to.Resolver, host, repo}
	}
	desc, err := oras.Copy(ctx, from, source, target, destination,
		// Manifests are held until their children are pushed: Docker's media types as well as OCI's.
		oras.WithAdditionalCachedMediaTypes(images.MediaTypeDockerSchema2Manifest, images.MediaTypeDockerSchema2ManifestList),
	)
	check(err)
	fmt.Println(desc.Digest)
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "oras-copy:", err)
		os.Exit(1)
	}
}
