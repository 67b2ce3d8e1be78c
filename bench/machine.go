package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
)

// cpuModel reads the CPU's name where the system tells it.
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && (strings.TrimSpace(k) == "model name" || strings.TrimSpace(k) == "Model") {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}

// cache is one level of data cache as seen by one core.
type cache struct {
	Name  string // "L1d", "L2", "L3"
	Bytes int64
}

// caches returns the data caches of CPU 0: from Linux's sysfs, else from getconf (glibc
// reads CPUID), else none, and the plots go without cache marks.
func caches() []cache {
	if cs := sysfsCaches(); len(cs) > 0 {
		return cs
	}
	return getconfCaches()
}

func getconfCaches() []cache {
	var cs []cache
	for _, c := range []struct{ name, key string }{{"L1d", "LEVEL1_DCACHE_SIZE"}, {"L2", "LEVEL2_CACHE_SIZE"}, {"L3", "LEVEL3_CACHE_SIZE"}} {
		out, err := exec.Command("getconf", c.key).Output()
		if err != nil {
			continue
		}
		if n, err := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64); err == nil && n > 0 {
			cs = append(cs, cache{c.name, n})
		}
	}
	return cs
}

func sysfsCaches() []cache {
	dirs, _ := filepath.Glob("/sys/devices/system/cpu/cpu0/cache/index*")
	var cs []cache
	for _, d := range dirs {
		read := func(name string) string {
			b, _ := os.ReadFile(filepath.Join(d, name))
			return strings.TrimSpace(string(b))
		}
		typ, level, size := read("type"), read("level"), read("size")
		if typ == "Instruction" || level == "" || size == "" {
			continue
		}
		bytes, ok := parseSize(size)
		if !ok {
			continue
		}
		name := "L" + level
		if level == "1" {
			name = "L1d"
		}
		cs = append(cs, cache{name, bytes})
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].Bytes < cs[j].Bytes })
	return cs
}

// parseSize reads sysfs sizes such as "48K" or "32768K" or "1M".
func parseSize(s string) (int64, bool) {
	mult := int64(1)
	switch {
	case strings.HasSuffix(s, "K"):
		mult, s = 1<<10, strings.TrimSuffix(s, "K")
	case strings.HasSuffix(s, "M"):
		mult, s = 1<<20, strings.TrimSuffix(s, "M")
	case strings.HasSuffix(s, "G"):
		mult, s = 1<<30, strings.TrimSuffix(s, "G")
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n * mult, err == nil && n > 0
}

// bytesString prints a size the way cache sizes are usually written: 48 KiB, 1 MiB, 32 MiB.
func bytesString(b int64) string {
	switch {
	case b >= 1<<30 && b%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", b>>30)
	case b >= 1<<20 && b%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", b>>20)
	case b >= 1<<10 && b%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", b>>10)
	}
	return fmt.Sprintf("%d B", b)
}
