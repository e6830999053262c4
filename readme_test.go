package cognito_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestREADMESnippets compiles every ```go block of README.md,
// vectors/README.md and docs/srptest.md with go build, so that what a reader
// copies compiles against the current API.
//
// The rule for writing a block: it is a whole Go file, or a file without its
// package clause (imports, then declarations), to which the test adds
// "package snippet". Statements outside a function do not compile: put them
// in a function whose parameters name what the snippet takes from outside.
// Each block is its own package, so blocks may declare the same names.
//
// The blocks are not written into the tree: go build -overlay places them at
// internal/readmesnippet/sNN/snippet.go, with a //line directive so that an
// error names README.md and the line. A deliberately broken block is built
// in the same run, to prove that the run reports errors. (Not go vet: it
// runs in the package's directory, which exists only in the overlay.)
func TestREADMESnippets(t *testing.T) {
	goTool, err := exec.LookPath("go") // go test puts its own GOROOT/bin first in PATH
	if err != nil {
		t.Fatal("the go command is needed to build the snippets:", err)
	}
	var blocks []snippet
	for _, doc := range []struct {
		file string
		min  int // blocks known to be there: the test must not pass on none
	}{{"README.md", 3}, {"vectors/README.md", 1}, {"docs/srptest.md", 2}} {
		md, err := os.ReadFile(doc.file)
		if err != nil {
			t.Fatal(err)
		}
		bs := goBlocks(doc.file, md)
		if len(bs) < doc.min {
			t.Fatalf("%s has %d go blocks, want at least %d", doc.file, len(bs), doc.min)
		}
		blocks = append(blocks, bs...)
	}
	const broken = "import \"fmt\"\n\nfunc f() { x := 1 }\n"
	blocks = append(blocks, snippet{file: "broken-snippet.go", line: 1, src: broken})

	root, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	overlay := map[string]string{}
	var pkgs []string
	for i, b := range blocks {
		tmpFile := filepath.Join(tmp, fmt.Sprintf("s%02d.go", i))
		if err := os.WriteFile(tmpFile, []byte(b.goFile()), 0o644); err != nil {
			t.Fatal(err)
		}
		dir := fmt.Sprintf("internal/readmesnippet/s%02d", i)
		overlay[filepath.Join(root, dir, "snippet.go")] = tmpFile
		pkgs = append(pkgs, "./"+dir)
	}
	ov, _ := json.Marshal(map[string]any{"Replace": overlay})
	ovFile := filepath.Join(tmp, "overlay.json")
	if err := os.WriteFile(ovFile, ov, 0o644); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(goTool, append([]string{"build", "-overlay=" + ovFile}, pkgs...)...)
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("go build passed with a broken snippet among the blocks: the check cannot fail\n%s", out)
	}
	brokenReported := false
	for _, l := range strings.Split(string(out), "\n") {
		switch {
		case strings.HasPrefix(l, "broken-snippet.go:"):
			brokenReported = true
		case strings.HasPrefix(l, "#"), strings.TrimSpace(l) == "":
			// package headers
		default:
			t.Errorf("%s", l)
		}
	}
	if !brokenReported {
		t.Errorf("go build did not report the broken snippet; its output:\n%s", out)
	}
}

// A snippet is one ```go block: its source and the file and line where it
// starts.
type snippet struct {
	file string
	line int
	src  string
}

var packageClause = regexp.MustCompile(`(?m)^package \w+`)

// goFile returns the snippet as a Go file of package snippet, its positions
// mapped to the snippet's file and lines. A package clause of the snippet's
// own (package main, package login_test, ...) is replaced: go build links a
// main package (about a second each with the AWS SDK), while type-checking
// and compiling, all the test needs, is the same under any name.
func (s snippet) goFile() string {
	directive := fmt.Sprintf("//line %s:%d\n", s.file, s.line)
	if loc := packageClause.FindStringIndex(s.src); loc != nil {
		return directive + s.src[:loc[0]] + "package snippet" + s.src[loc[1]:]
	}
	return "package snippet\n\n" + directive + s.src
}

// goBlocks returns the ```go fenced blocks of the Markdown file named file.
func goBlocks(file string, md []byte) []snippet {
	var (
		blocks []snippet
		cur    *snippet
		n      int
	)
	sc := bufio.NewScanner(bytes.NewReader(md))
	for sc.Scan() {
		n++
		l := sc.Text()
		switch {
		case cur == nil && strings.TrimSpace(l) == "```go":
			cur = &snippet{file: file, line: n + 1}
		case cur != nil && strings.TrimSpace(l) == "```":
			blocks = append(blocks, *cur)
			cur = nil
		case cur != nil:
			cur.src += l + "\n"
		}
	}
	return blocks
}
