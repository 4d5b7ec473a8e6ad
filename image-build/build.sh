#!/usr/bin/env bash
# Builds Salle's OS image from Debian's packages: the layers of a board (image-build/layers) on
# mmdebstrap, a read-only squashfs root for slot A (slot B is filled by the first update), a data
# partition, and the boot loader's choice of slot (GRUB with boot counting on amd64, the firmware's
# tryboot on the Raspberry Pi). See docs/image.md.
#
#   build.sh all    --board B --app DIR --version V --release-key PEM [--provisioning-key PEM]
#                   --out IMG [--work DIR] [--compression xz|gzip] [--data-seed DIR]
#   build.sh rootfs --board B --app DIR --version V --release-key PEM [--provisioning-key PEM] --out DIR
#   build.sh slot   --rootfs DIR --out FILE [--board B] [--compression xz|gzip]
#   build.sh disk   --board B --slot FILE --out IMG [--data-seed DIR] [--work DIR]
#
# A slot image is the payload of an OS update bundle: on GRUB boards the squashfs root; on the
# Raspberry Pi (slot --board pi4|pi5) the boot partition's FAT image and the squashfs root, behind
# a header (docs/updates.md).
#
# Needs root (mmdebstrap's root mode and chroot), mmdebstrap, squashfs-tools, e2fsprogs,
# dosfstools, mtools, fdisk, and for grub-efi boards grub-efi-amd64-bin; for arm64 boards on an
# amd64 host, qemu-user-static with binfmt_misc. The package mirror is the one mmdebstrap uses by
# default, or MIRROR=… from the environment.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
started=$SECONDS
step_no=0
step_total=1

say() { printf 'image: %s\n' "$*" >&2; }
die() { printf 'image: %s\n' "$*" >&2; exit 1; }
step() { step_no=$((step_no + 1)); printf 'image: [%d/%d] %s (%ds)\n' "$step_no" "$step_total" "$*" "$((SECONDS - started))" >&2; }

# The GPT partition types and the twin's fixed partition ids (the kernel's root= names the slot).
TYPE_ESP=C12A7328-F81F-11D2-BA4B-00A0C93EC93B
TYPE_ROOT_AMD64=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709
TYPE_ROOT_ARM64=B921B045-1DF0-41C3-AF44-4C6F280D3FAE
TYPE_LINUX=0FC63DAF-8483-4772-8E79-3D69D8477DE4
UUID_A=5a11e000-0000-4000-8000-00000000000a
UUID_B=5a11e000-0000-4000-8000-00000000000b
# The Raspberry Pi disk: MBR (what the firmware's boot_partition numbers), with a fixed disk id.
PI_DISK_ID=5a11e000
PI_MAGIC=SALLEPI1

board="" app="" version="" release_key="" provisioning_key="" out="" work="" rootfs="" slot=""
compression=xz data_seed=""

parse() {
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --board) board="$2"; shift 2 ;;
      --app) app="$2"; shift 2 ;;
      --version) version="$2"; shift 2 ;;
      --release-key) release_key="$2"; shift 2 ;;
      --provisioning-key) provisioning_key="$2"; shift 2 ;;
      --out) out="$2"; shift 2 ;;
      --work) work="$2"; shift 2 ;;
      --rootfs) rootfs="$2"; shift 2 ;;
      --slot) slot="$2"; shift 2 ;;
      --compression) compression="$2"; shift 2 ;;
      --data-seed) data_seed="$2"; shift 2 ;;
      *) die "unknown option '$1' (see the top of $0)" ;;
    esac
  done
}

need() { [[ -n "$2" ]] || die "$1 is required"; }

load_board() {
  need --board "$board"
  local conf="$here/boards/$board.conf"
  [[ -f "$conf" ]] || die "no board '$board': the boards are $(cd "$here/boards" && ls *.conf | sed 's/\.conf$//' | tr '\n' ' ')"
  # shellcheck source=/dev/null
  source "$conf"
}

check_tools() {
  local t missing=()
  for t in "$@"; do command -v "$t" >/dev/null 2>&1 || missing+=("$t"); done
  [[ ${#missing[@]} -eq 0 ]] || die "missing tools: ${missing[*]} (./salle image installs them on Debian/Ubuntu)"
}

layer_packages() { # the packages of every layer of the board, one per line, without comments
  local l
  for l in $LAYERS; do
    [[ -d "$here/layers/$l" ]] || die "board $board names layer '$l', which is not in image-build/layers"
    [[ -f "$here/layers/$l/packages" ]] && sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$here/layers/$l/packages"
  done
  return 0
}

cmd_rootfs() {
  load_board
  need --app "$app"; need --version "$version"; need --release-key "$release_key"; need --out "$out"
  [[ -d "$app/lib" ]] || die "--app $app has no lib/ folder with the device app's jars"
  [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[A-Za-z0-9.]+)?$ ]] || die "--version '$version' is not MAJOR.MINOR.PATCH[-label]"
  grep -q 'BEGIN PUBLIC KEY' "$release_key" || die "--release-key $release_key holds no PUBLIC KEY"
  [[ ! -e "$out" ]] || [[ -z "$(ls -A "$out")" ]] || die "--out $out exists and is not empty"
  [[ $(id -u) -eq 0 ]] || die "building the root file system needs root (mmdebstrap and chroot)"
  check_tools mmdebstrap chroot
  local packages hooks=() l
  packages="$(layer_packages | paste -sd, -)"
  for l in $LAYERS; do
    [[ -d "$here/layers/$l/overlay" ]] && hooks+=(--customize-hook="cp -a '$here/layers/$l/overlay/.' \"\$1/\"")
    [[ -x "$here/layers/$l/essential" ]] && hooks+=(--essential-hook="'$here/layers/$l/essential' \"\$1\"")
    [[ -x "$here/layers/$l/customize" ]] && hooks+=(--customize-hook="'$here/layers/$l/customize' \"\$1\"")
  done
  hooks+=(--customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin "$1"/var/cache/apt/archives/*.deb')
  export SALLE_APP_DIR="$(cd "$app" && pwd)" SALLE_VERSION="$version" SALLE_HARDWARE="$HARDWARE" SALLE_BOOT="$BOOT"
  export SALLE_BOARD="$board"
  export SALLE_RELEASE_KEY="$(readlink -f "$release_key")"
  export SALLE_PROVISIONING_KEY="${provisioning_key:+$(readlink -f "$provisioning_key")}"
  export SALLE_DOC="$here/../docs/image.md" SALLE_SHIM_SRC="$here/../hw-drivers/src/main/native"
  local components="${COMPONENTS// /,}"
  say "debian $SUITE $ARCH, layers: $LAYERS"
  mmdebstrap --mode=root --variant=minbase --architectures="$ARCH" --components="$components" \
    --include="$packages" \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-include=/usr/share/locale/locale.alias' \
    --aptopt='Acquire::Languages "none"' --aptopt='APT::Install-Recommends "false"' \
    --setup-hook='mkdir -p "$1/usr/share/man/man1"' \
    "${hooks[@]}" "$SUITE" "$out" ${MIRROR:+"$MIRROR"} \
    2> >(sed -u 's/^/image: mmdebstrap: /' >&2)
  sbom "$out" > "$out.spdx.json"
  say "root file system in $out ($(du -sm "$out" | cut -f1) MiB), software bill of materials in $out.spdx.json"
}

json_escape() { sed -e 's/\\/\\\\/g' -e 's/"/\\"/g'; }

sbom() { # an SPDX 2.3 document listing every Debian package of the root, and the device app's jars
  local root="$1" first=1 name ver arch
  local created; created="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  printf '{\n  "spdxVersion": "SPDX-2.3",\n  "dataLicense": "CC0-1.0",\n  "SPDXID": "SPDXRef-DOCUMENT",\n'
  printf '  "name": "salle-image-%s-%s",\n' "$board" "$(cat "$root/usr/lib/salle/VERSION" 2>/dev/null || echo unknown)"
  printf '  "documentNamespace": "https://salle.invalid/spdx/%s-%s",\n' "$board" "$created"
  printf '  "creationInfo": {"created": "%s", "creators": ["Tool: salle image-build"]},\n  "packages": [\n' "$created"
  while IFS=$'\t' read -r name ver arch; do
    [[ $first -eq 1 ]] || printf ',\n'
    first=0
    printf '    {"SPDXID": "SPDXRef-deb-%s", "name": "%s", "versionInfo": "%s", "downloadLocation": "NOASSERTION", "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:deb/debian/%s@%s?arch=%s"}]}' \
      "$(printf '%s' "$name" | tr -c 'A-Za-z0-9.\n-' '-')" "$name" "$(printf '%s' "$ver" | json_escape)" "$name" "$ver" "$arch"
  done < <(chroot "$root" dpkg-query -W -f '${Package}\t${Version}\t${Architecture}\n' | sort)
  local jar
  for jar in "$root"/usr/lib/salle/app/lib/*.jar; do
    [[ -e "$jar" ]] || continue
    name="$(basename "$jar" .jar)"
    printf ',\n    {"SPDXID": "SPDXRef-jar-%s", "name": "%s", "downloadLocation": "NOASSERTION", "packageFileName": "usr/lib/salle/app/lib/%s.jar"}' \
      "$(printf '%s' "$name" | tr -c 'A-Za-z0-9.\n-' '-')" "$name" "$name"
  done
  printf '\n  ]\n}\n'
}

cmd_slot() {
  need --rootfs "$rootfs"; need --out "$out"
  [[ -f "$rootfs/usr/lib/salle/VERSION" ]] || die "--rootfs $rootfs is not a Salle root (no usr/lib/salle/VERSION)"
  case "$compression" in xz|gzip) ;; *) die "--compression must be xz or gzip (what GRUB reads), not '$compression'" ;; esac
  check_tools mksquashfs
  BOOT=grub-efi
  [[ -z "$board" ]] || load_board
  rm -f "$out"
  if [[ "$BOOT" == raspi-tryboot ]]; then
    pi_slot
    return
  fi
  mksquashfs "$rootfs" "$out" -noappend -comp "$compression" -quiet -no-progress >/dev/null
  say "slot image $out: version $(cat "$rootfs/usr/lib/salle/VERSION"), $(( $(stat -c %s "$out") / 1048576 )) MiB"
}

u64be() { # a number as 8 bytes, most significant first
  local n="$1" shift_by
  for shift_by in 56 48 40 32 24 16 8 0; do
    # shellcheck disable=SC2059
    printf "\\x$(printf '%02x' $(( (n >> shift_by) & 255 )))"
  done
}

pi_slot() { # the Raspberry Pi's slot image: header, boot partition (FAT), root (squashfs)
  local fw="$rootfs/boot/firmware"
  [[ -f "$fw/config.txt" ]] || die "--rootfs $rootfs has no boot/firmware/config.txt (the kernel-raspi layer puts the firmware there)"
  [[ -n "$(ls "$fw"/vmlinuz-* 2>/dev/null)" ]] || die "--rootfs $rootfs has no kernel in boot/firmware"
  check_tools mkfs.vfat mcopy
  local tmp="$out.parts"
  rm -rf "$tmp"; mkdir -p "$tmp"
  # The same boot files serve both slots: the initramfs picks the root from the booted partition.
  printf 'root=PARTUUID=%s-05 rootfstype=squashfs ro rootwait panic=10 %s\n' "$PI_DISK_ID" "$KERNEL_ARGS" > "$tmp/cmdline.txt"
  local boot_mib=$(( $(du -sm "$fw" | cut -f1) + 16 ))
  [[ $boot_mib -le $BOOT_SIZE_MIB ]] || die "the boot files need $boot_mib MiB but board $board's boot partitions have $BOOT_SIZE_MIB MiB"
  truncate -s "${boot_mib}M" "$tmp/boot.vfat"
  mkfs.vfat -n SALLE-BOOT "$tmp/boot.vfat" >/dev/null
  mcopy -s -i "$tmp/boot.vfat" "$fw"/* ::/
  mcopy -o -i "$tmp/boot.vfat" "$tmp/cmdline.txt" ::/cmdline.txt
  mksquashfs "$rootfs" "$tmp/root.squashfs" -noappend -comp "$compression" -quiet -no-progress -e boot/firmware >/dev/null
  local boot_len root_len
  boot_len=$(stat -c %s "$tmp/boot.vfat"); root_len=$(stat -c %s "$tmp/root.squashfs")
  { printf '%s' "$PI_MAGIC"; u64be "$boot_len"; u64be "$root_len"; cat "$tmp/boot.vfat" "$tmp/root.squashfs"; } > "$out"
  rm -rf "$tmp"
  say "slot image $out: version $(cat "$rootfs/usr/lib/salle/VERSION"), boot $(( boot_len / 1048576 )) MiB + root $(( root_len / 1048576 )) MiB"
}

pi_check() { # $1: a Raspberry Pi slot image; refuses it unless its header matches its size
  local boot_len root_len
  [[ "$(head -c 8 "$1")" == "$PI_MAGIC" ]] || die "--slot $1 is not a Raspberry Pi slot image (no $PI_MAGIC header)"
  boot_len=$(od -An -tu8 --endian=big -j 8 -N 8 "$1" | tr -d ' ')
  root_len=$(od -An -tu8 --endian=big -j 16 -N 8 "$1" | tr -d ' ')
  [[ "$boot_len" =~ ^[0-9]{1,15}$ && "$root_len" =~ ^[0-9]{1,15}$ ]] \
    || die "--slot $1: its header's lengths do not add up to its size"
  [[ $(( 24 + boot_len + root_len )) -eq $(stat -c %s "$1") ]] || die "--slot $1: its header's lengths do not add up to its size"
}

pi_part() { # $1: a checked Raspberry Pi slot image, $2: boot|root, $3: the file to write that part to
  local boot_len
  boot_len=$(od -An -tu8 --endian=big -j 8 -N 8 "$1" | tr -d ' ')
  # dd, not tail | head: head's early exit would end tail with SIGPIPE, which pipefail makes fatal
  if [[ "$2" == boot ]]; then
    dd if="$1" of="$3" bs=1M iflag=skip_bytes,count_bytes skip=24 count="$boot_len" status=none
  else
    dd if="$1" of="$3" bs=1M iflag=skip_bytes skip=$(( 24 + boot_len )) status=none
  fi
}

grub_cfg() { # the boot loader's choice of slot: RAUC's GRUB variables, one try per boot
  cat <<EOF
# Salle: picks slot A or B. ORDER lists the slots to try; a slot runs when <S>_OK=1 and <S>_TRY=0,
# and GRUB sets <S>_TRY=1 before starting it. The device app sets <S>_TRY=0 again once the slot
# proved itself, so a slot that never does is skipped at the next boot.
set timeout=0
set default=0
regexp --set=1:disk '^([^,]*),' "\$root"
load_env -f /salle/grubenv ORDER A_OK A_TRY B_OK B_TRY
if [ -z "\$ORDER" ]; then set ORDER="A B"; fi
set slot=""
for s in \$ORDER; do
  if [ -z "\$slot" ]; then
    if [ "\$s" = "A" -a "\$A_OK" = "1" -a "\$A_TRY" != "1" ]; then set slot=A; set A_TRY=1; fi
    if [ "\$s" = "B" -a "\$B_OK" = "1" -a "\$B_TRY" != "1" ]; then set slot=B; set B_TRY=1; fi
  fi
done
if [ -z "\$slot" ]; then
  # Every good slot was tried without being confirmed: start again from the first good one.
  set A_TRY=0
  set B_TRY=0
  for s in \$ORDER; do
    if [ -z "\$slot" ]; then
      if [ "\$s" = "A" -a "\$A_OK" = "1" ]; then set slot=A; set A_TRY=1; fi
      if [ "\$s" = "B" -a "\$B_OK" = "1" ]; then set slot=B; set B_TRY=1; fi
    fi
  done
fi
if [ -z "\$slot" ]; then set slot=A; set A_TRY=1; fi
save_env -f /salle/grubenv A_TRY B_TRY
if [ "\$slot" = "A" ]; then
  set part=gpt2
  set partuuid=$UUID_A
else
  set part=gpt3
  set partuuid=$UUID_B
fi
menuentry "Salle (slot \$slot)" {
  linux (\$disk,\$part)/boot/vmlinuz root=PARTUUID=\$partuuid rootfstype=squashfs ro salle.slot=\$slot panic=10 $KERNEL_ARGS
  initrd (\$disk,\$part)/boot/initrd.img
}
EOF
}

efi_partition() { # $1: the file to make
  check_tools grub-mkstandalone grub-editenv mkfs.vfat mmd mcopy
  local efi="$1" tmp="$work/efi"
  rm -rf "$tmp"; mkdir -p "$tmp"
  cat > "$tmp/embedded.cfg" <<'EOF'
search --no-floppy --set=root --label SALLE-EFI
configfile /salle/grub.cfg
EOF
  grub-mkstandalone -O x86_64-efi --locales= --fonts= --themes= \
    --modules="part_gpt fat ext2 squash4 xzio gzio normal linux loadenv test regexp echo configfile search search_label" \
    -o "$tmp/BOOTX64.EFI" "boot/grub/grub.cfg=$tmp/embedded.cfg"
  grub_cfg > "$tmp/grub.cfg"
  grub-editenv "$tmp/grubenv" create
  grub-editenv "$tmp/grubenv" set ORDER="A B" A_OK=1 A_TRY=0 B_OK=0 B_TRY=0
  rm -f "$efi"
  truncate -s "${EFI_SIZE_MIB}M" "$efi"
  mkfs.vfat -F 32 -n SALLE-EFI "$efi" >/dev/null
  mmd -i "$efi" ::/EFI ::/EFI/BOOT ::/salle
  mcopy -i "$efi" "$tmp/BOOTX64.EFI" ::/EFI/BOOT/BOOTX64.EFI
  mcopy -i "$efi" "$tmp/grub.cfg" ::/salle/grub.cfg
  mcopy -i "$efi" "$tmp/grubenv" ::/salle/grubenv
}

data_partition() { # $1: the file to make: ext4, labelled salle-data, from --data-seed if given
  local data="$1"
  rm -f "$data"
  if [[ -n "$data_seed" ]]; then
    [[ -d "$data_seed" ]] || die "--data-seed $data_seed is not a folder"
    mkfs.ext4 -q -F -L salle-data -d "$data_seed" "$data" "${DATA_SIZE_MIB}M"
  else
    mkfs.ext4 -q -F -L salle-data "$data" "${DATA_SIZE_MIB}M"
  fi
}

pi_disk() { # MBR: 1 autoboot.txt, 2 and 3 the slots' boot partitions, 5 and 6 their roots, 7 data; the slot is checked (pi_check)
  check_tools mkfs.vfat mcopy od
  local boot="$work/boot.vfat" root="$work/root.squashfs" autoboot="$work/autoboot.vfat"
  pi_part "$slot" boot "$boot"
  pi_part "$slot" root "$root"
  local boot_mib=$(( ($(stat -c %s "$boot") + 1048575) / 1048576 )) root_mib=$(( ($(stat -c %s "$root") + 1048575) / 1048576 ))
  [[ $boot_mib -le $BOOT_SIZE_MIB ]] || die "the boot image needs $boot_mib MiB but board $board's boot partitions have $BOOT_SIZE_MIB MiB"
  [[ $root_mib -le $SLOT_SIZE_MIB ]] || die "the root image needs $root_mib MiB but board $board's slots have $SLOT_SIZE_MIB MiB"
  # The firmware boots [all]'s partition; after reboot "0 tryboot", once, [tryboot]'s (docs/updates.md).
  printf '[all]\ntryboot_a_b=1\nboot_partition=2\n[tryboot]\nboot_partition=3\n' > "$work/autoboot.txt"
  rm -f "$autoboot"
  truncate -s "${AUTOBOOT_SIZE_MIB}M" "$autoboot"
  mkfs.vfat -n SALLE-AUTO "$autoboot" >/dev/null
  mcopy -i "$autoboot" "$work/autoboot.txt" ::/autoboot.txt
  data_partition "$work/data.ext4"
  # 1 MiB before each logical partition for its extended boot record
  local extended=$(( 1 + SLOT_SIZE_MIB + 1 + SLOT_SIZE_MIB + 1 + DATA_SIZE_MIB ))
  local total=$(( 1 + AUTOBOOT_SIZE_MIB + 2 * BOOT_SIZE_MIB + extended ))
  rm -f "$out"
  truncate -s "${total}M" "$out"
  sfdisk --quiet "$out" <<PARTITIONS
label: dos
label-id: 0x$PI_DISK_ID
start=1MiB, size=${AUTOBOOT_SIZE_MIB}MiB, type=c
size=${BOOT_SIZE_MIB}MiB, type=c
size=${BOOT_SIZE_MIB}MiB, type=c
size=${extended}MiB, type=5
size=${SLOT_SIZE_MIB}MiB, type=83
size=${SLOT_SIZE_MIB}MiB, type=83
size=${DATA_SIZE_MIB}MiB, type=83
PARTITIONS
  local p start
  for p in 1:"$autoboot" 2:"$boot" 5:"$root" 7:"$work/data.ext4"; do
    start=$(sfdisk --dump "$out" | awk -v n="$out${p%%:*}" '$1 == n { gsub(",", "", $4); print $4 }')
    [[ -n "$start" ]] || die "the new partition table has no partition ${p%%:*}"
    dd if="${p#*:}" of="$out" bs=512 seek="$start" conv=notrunc,sparse status=none
  done
  say "disk image $out: ${total} MiB (autoboot ${AUTOBOOT_SIZE_MIB}, boot 2 × ${BOOT_SIZE_MIB}, slots 2 × ${SLOT_SIZE_MIB}, data ${DATA_SIZE_MIB}); slot A holds boot $boot_mib MiB and root $root_mib MiB"
}

cmd_disk() {
  load_board
  need --slot "$slot"; need --out "$out"
  [[ -f "$slot" ]] || die "--slot $slot does not exist"
  # The input is checked before the tools, so a wrong slot is named even where the tools are missing.
  case "$BOOT" in
    grub-efi)
      local slot_mib=$(( ($(stat -c %s "$slot") + 1048575) / 1048576 ))
      [[ $slot_mib -le $SLOT_SIZE_MIB ]] || die "the slot image needs $slot_mib MiB but board $board's slots have $SLOT_SIZE_MIB MiB" ;;
    raspi-tryboot) pi_check "$slot" ;;
    *) die "board $board boots with '$BOOT', which build.sh does not know" ;;
  esac
  check_tools sfdisk mkfs.ext4 truncate
  work="${work:-$(dirname "$out")/$(basename "$out").work}"
  mkdir -p "$work"
  [[ "$BOOT" == raspi-tryboot ]] && { pi_disk; return; }
  efi_partition "$work/efi.vfat"
  local data="$work/data.ext4"
  data_partition "$data"
  local total=$(( 1 + EFI_SIZE_MIB + 2 * SLOT_SIZE_MIB + DATA_SIZE_MIB + 1 ))
  local root_type=$TYPE_ROOT_AMD64
  [[ "$ARCH" == arm64 ]] && root_type=$TYPE_ROOT_ARM64
  rm -f "$out"
  truncate -s "${total}M" "$out"
  sfdisk --quiet "$out" <<EOF
label: gpt
start=1MiB, size=${EFI_SIZE_MIB}MiB, type=$TYPE_ESP, name=salle-efi
size=${SLOT_SIZE_MIB}MiB, type=$root_type, name=salle-a, uuid=$UUID_A
size=${SLOT_SIZE_MIB}MiB, type=$root_type, name=salle-b, uuid=$UUID_B
size=${DATA_SIZE_MIB}MiB, type=$TYPE_LINUX, name=salle-data
EOF
  dd if="$work/efi.vfat" of="$out" bs=1M seek=1 conv=notrunc,sparse status=none
  dd if="$slot" of="$out" bs=1M seek=$((1 + EFI_SIZE_MIB)) conv=notrunc,sparse status=none
  dd if="$data" of="$out" bs=1M seek=$((1 + EFI_SIZE_MIB + 2 * SLOT_SIZE_MIB)) conv=notrunc,sparse status=none
  say "disk image $out: ${total} MiB (efi ${EFI_SIZE_MIB}, slots 2 × ${SLOT_SIZE_MIB}, data ${DATA_SIZE_MIB}); slot A holds $slot_mib MiB"
}

cmd_all() {
  load_board
  need --out "$out"
  work="${work:-$out.work}"
  step_total=5
  mkdir -p "$work"
  rm -rf "$work/rootfs"
  step "root file system from Debian $SUITE ($ARCH) with layers: $LAYERS"
  local img_out="$out"
  out="$work/rootfs" cmd_rootfs
  step "slot image (squashfs, $compression)"
  rootfs="$work/rootfs" out="$work/slot.img" cmd_slot
  step "disk image"
  out="$img_out" slot="$work/slot.img" cmd_disk
  step "checksum and bill of materials"
  (cd "$(dirname "$img_out")" && sha256sum "$(basename "$img_out")" > "$(basename "$img_out").sha256")
  cp "$work/rootfs.spdx.json" "$img_out.spdx.json"
  cp "$work/slot.img" "$img_out.slot"
  local target=os-image
  [[ "$BOOT" == raspi-tryboot ]] && target="os-image-$board"
  step "done in $((SECONDS - started)) s: $img_out, $img_out.sha256, $img_out.spdx.json, and $img_out.slot (the slot image, a payload for ./salle release sign --target $target)"
}

[[ $# -ge 1 ]] || { sed -n '2,16p' "$0" >&2; exit 2; }
command="$1"; shift
parse "$@"
case "$command" in
  all) cmd_all ;;
  rootfs) cmd_rootfs ;;
  slot) cmd_slot ;;
  disk) cmd_disk ;;
  *) die "unknown command '$command': all, rootfs, slot or disk" ;;
esac
