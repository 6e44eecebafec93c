package main

import "io"

type PrefixWriter struct {
	Out         io.Writer
	Prefix      string
	NeedsPrefix bool
}

func NewPrefixWriter(w io.Writer, prefix string) *PrefixWriter {
	var pw PrefixWriter
	pw.Out = w
	pw.Prefix = prefix
	pw.NeedsPrefix = true
	return &pw
}

func (self *PrefixWriter) Write(b []byte) (n int, err error) {
	var count int = 0
	for i := 0; i < len(b); i++ {
		if self.NeedsPrefix == true {
			if len(self.Prefix) > 0 {
				self.Out.Write([]byte(self.Prefix))
			}
			self.NeedsPrefix = false
		}
		var one []byte = []byte{b[i]}
		written, e := self.Out.Write(one)
		if e != nil {
			return count, e
		}
		count = count + written
		if b[i] == '\n' {
			self.NeedsPrefix = true
		}
	}
	return count, nil
}
