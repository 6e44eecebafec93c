package main

import (
	"bytes"
	"io"
)

// PrefixWriter is an io.Writer that passes what is written to it on to another writer,
// starting every line with a prefix. Lines may span any number of Write calls.
type PrefixWriter struct {
	w         io.Writer
	prefix    []byte
	lineStart bool // whether the next byte written starts a line
}

// NewPrefixWriter returns a PrefixWriter that writes to w, starting each line with prefix.
func NewPrefixWriter(w io.Writer, prefix string) *PrefixWriter {
	return &PrefixWriter{w: w, prefix: []byte(prefix), lineStart: true}
}

// Write writes b to the underlying writer, with the prefix before the first byte of every
// line. It returns the number of bytes of b written (prefixes are not counted) and the
// first error of the underlying writer.
func (p *PrefixWriter) Write(b []byte) (n int, err error) {
	for len(b) > 0 {
		if p.lineStart && len(p.prefix) > 0 {
			if _, err := p.w.Write(p.prefix); err != nil {
				return n, err
			}
		}
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line = b[:i+1]
		}
		m, err := p.w.Write(line)
		n += m
		p.lineStart = m == len(line) && line[m-1] == '\n'
		if err != nil {
			return n, err
		}
		if m < len(line) {
			return n, io.ErrShortWrite
		}
		b = b[m:]
	}
	return n, nil
}

// PrefixWriter must keep satisfying io.Writer.
var _ io.Writer = (*PrefixWriter)(nil)
