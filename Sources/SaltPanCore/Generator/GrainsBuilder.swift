/// The `grains.items` return of a minion: the keys, order and nesting of a real Salt 3008
/// minion's grains (about 3.5 KB of msgpack), with the per-host values changed for each minion.
enum GrainsBuilder {
    static func grains(of minion: SyntheticFleet.Minion, random: inout SplitMix64) -> Value {
        guard case .map(var entries) = template else { return template }
        let address = "10.\(20 + minion.number / 65_536 % 200).\(minion.number / 256 % 256).\(minion.number % 256 + 1)"
        let host = String(minion.id.split(separator: ".").first ?? Substring(minion.id))
        let replacements: [String: Value] = [
            "id": .string(minion.id),
            "fqdn": .string(minion.id),
            "fqdns": .array([.string(minion.id)]),
            "host": .string(host),
            "localhost": .string(host),
            "nodename": .string(host),
            "machine_id": .string(hex(&random, count: 32)),
            "server_id": .int(Int64(random.below(2_000_000_000))),
            "hwaddr_interfaces": .map([
                Value.MapEntry(key: .string("eth0"), value: .string(mac(&random))),
                Value.MapEntry(key: .string("lo"), value: .string("00:00:00:00:00:00")),
            ]),
            "ip4_interfaces": .map([
                Value.MapEntry(key: .string("eth0"), value: .array([.string(address)])),
                Value.MapEntry(key: .string("lo"), value: .array([.string("127.0.0.1")])),
            ]),
            "ip_interfaces": .map([
                Value.MapEntry(key: .string("eth0"), value: .array([.string(address)])),
                Value.MapEntry(key: .string("lo"), value: .array([.string("127.0.0.1"), .string("::1")])),
            ]),
            "ipv4": .array([.string(address), .string("127.0.0.1")]),
            "fqdn_ip4": .array([.string(address)]),
            "num_cpus": .int(Int64(random.pick([2, 4, 8, 16]))),
            "mem_total": .int(Int64(random.pick([3_932, 7_941, 15_991, 32_090]))),
            "pid": .int(Int64(random.int(in: 500...90_000))),
            "roles": .array([.string(minion.role.rawValue)]),
            "datacenter": .string(random.pick(["fra1", "ams3", "lon1"])),
        ]
        for index in entries.indices {
            if let key = entries[index].key.stringValue, let value = replacements[key] {
                entries[index].value = value
            }
        }
        return .map(entries)
    }

    private static func hex(_ random: inout SplitMix64, count: Int) -> String {
        let digits = Array("0123456789abcdef")
        return String((0..<count).map { _ in digits[random.below(16)] })
    }

    private static func mac(_ random: inout SplitMix64) -> String {
        (0..<6).map { _ in hex(&random, count: 2) }.joined(separator: ":")
    }

    /// The grains of a Debian 12 minion running Salt 3008.4; the keys that vary per host are
    /// replaced by `grains(of:random:)`.
    static let template: Value = {
        do {
            return try JSONParser().parse(Array(templateText.utf8))
        } catch {
            preconditionFailure("the grains template is not valid JSON: \(error)")
        }
    }()

    private static let templateText = """
        {"cwd": "/", "ip_gw": true, "ip4_gw": "10.20.0.1", "ip6_gw": false,
         "dns": {"nameservers": ["10.20.0.53", "10.20.0.54"], "ip4_nameservers": ["10.20.0.53", "10.20.0.54"],
                 "ip6_nameservers": [], "sortlist": [], "domain": "", "search": ["prod.example.net"], "options": []},
         "fibre_channel_host": false, "fqdns": [], "machine_id": "", "master": "salt.prod.example.net",
         "server_id": 0, "localhost": "", "fqdn": "", "host": "", "domain": "prod.example.net",
         "hwaddr_interfaces": {}, "id": "", "ip4_interfaces": {},
         "ip6_interfaces": {"eth0": [], "lo": ["::1"]}, "ipv4": [], "ipv6": ["::1"], "fqdn_ip4": [], "fqdn_ip6": [],
         "ip_interfaces": {"eth0": [], "lo": ["127.0.0.1", "::1"]},
         "kernelparams": [["BOOT_IMAGE", "/boot/vmlinuz-6.1.0-28-amd64"],
                          ["root", "UUID=5f3c2a1e-7b4d-4e8f-9a0b-1c2d3e4f5a6b"], ["ro", null], ["quiet", null],
                          ["console", "ttyS0,115200"], ["console", "tty0"]],
         "locale_info": {"defaultlanguage": "en_US", "defaultencoding": "UTF-8", "detectedencoding": "utf-8",
                         "timezone": "UTC"},
         "num_gpus": 0, "gpus": [], "kernel": "Linux", "nodename": "", "kernelrelease": "6.1.0-28-amd64",
         "kernelversion": "#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)", "cpuarch": "x86_64",
         "systemd": {"version": "252", "features": "+PAM +AUDIT +SELINUX +APPARMOR +IMA +SMACK +SECCOMP +GCRYPT -GNUTLS +OPENSSL +ACL +BLKID +CURL +ELFUTILS +FIDO2 +IDN2 -IDN +IPTC +KMOD +LIBCRYPTSETUP +LIBFDISK +PCRE2 -PWQUALITY +P11KIT +QRENCODE +TPM2 +BZIP2 +LZ4 +XZ +ZLIB +ZSTD -BPF_FRAMEWORK -XKBCOMMON +UTMP +SYSVINIT default-hierarchy=unified"},
         "init": "systemd", "os": "Debian", "os_family": "Debian", "oscodename": "bookworm",
         "osfullname": "Debian GNU/Linux", "lsb_distrib_id": "Debian GNU/Linux", "lsb_distrib_release": "12",
         "lsb_distrib_codename": "bookworm", "osrelease": "12", "num_cpus": 2,
         "cpu_model": "AMD EPYC 7763 64-Core Processor",
         "cpu_flags": ["fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic", "sep", "mtrr", "pge",
                       "mca", "cmov", "pat", "pse36", "clflush", "mmx", "fxsr", "sse", "sse2", "ht", "syscall", "nx",
                       "mmxext", "fxsr_opt", "pdpe1gb", "rdtscp", "lm", "constant_tsc", "rep_good", "nopl",
                       "xtopology", "nonstop_tsc", "cpuid", "extd_apicid", "tsc_known_freq", "pni", "pclmulqdq",
                       "ssse3", "fma", "cx16", "sse4_1", "sse4_2", "x2apic", "movbe", "popcnt", "tsc_deadline_timer",
                       "aes", "xsave", "avx", "f16c", "rdrand", "hypervisor", "lahf_lm", "cmp_legacy", "cr8_legacy",
                       "abm", "sse4a", "misalignsse", "3dnowprefetch", "osvw", "topoext", "ssbd", "ibpb", "vmmcall",
                       "fsgsbase", "tsc_adjust", "bmi1", "avx2", "smep", "bmi2", "rdseed", "adx", "smap",
                       "clflushopt", "sha_ni", "xsaveopt", "xsavec", "xgetbv1", "clzero", "xsaveerptr", "virt_ssbd",
                       "arat"],
         "osarch": "amd64", "mem_total": 0, "swap_total": 0, "virtual": "kvm", "ps": "ps -efHww",
         "osrelease_info": [12], "osmajorrelease": 12, "osfinger": "Debian-12",
         "path": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
         "systempath": ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"],
         "pythonexecutable": "/opt/saltstack/salt/bin/python3.10",
         "pythonpath": ["/opt/saltstack/salt", "/opt/saltstack/salt/extras-3.10",
                        "/opt/saltstack/salt/lib/python310.zip", "/opt/saltstack/salt/lib/python3.10",
                        "/opt/saltstack/salt/lib/python3.10/lib-dynload",
                        "/opt/saltstack/salt/lib/python3.10/site-packages"],
         "pythonversion": [3, 10, 15, "final", 0],
         "saltpath": "/opt/saltstack/salt/lib/python3.10/site-packages/salt", "saltversion": "3008.4",
         "saltversioninfo": [3008, 4], "zmqversion": "4.3.5", "disks": ["vda", "vdb"], "ssds": [],
         "shell": "/bin/sh", "transactional": false, "efi": false, "efi-secure-boot": false, "username": "root",
         "groupname": "root", "pid": 0, "gid": 0, "uid": 0, "package": "onedir", "ca_truststore": "certifi",
         "roles": [], "datacenter": ""}
        """
}
