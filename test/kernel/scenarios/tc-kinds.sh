#!/bin/bash
# tc-kinds: traffic control beyond route-varied's basics -- most qdisc kinds with their
# options and private statistics, classful qdiscs and their classes, classifiers with rich
# keys and actions, chain templates, and every standalone action kind Debian's kernel has,
# with `tc monitor` listening so the kernel's notifications are in the capture too.
. "$FIX_LIB"
# A larger capture buffer: dumps of many qdiscs come in bursts.
cap_start -B 32768 || exit 1
bg tc monitor

note '--- devices'
run_batch ip -batch <<'EOF'
link add t1 type dummy
link add t2 type dummy
link add t3 type dummy
link add t4 type dummy
link add t5 type dummy
link add t6 type dummy
link add t7 type dummy
link add t8 type dummy
link add t9 type dummy
link add tq0 numtxqueues 4 numrxqueues 4 type dummy
link add tq1 numtxqueues 4 numrxqueues 4 type dummy
link add tq2 numtxqueues 4 numrxqueues 4 type dummy
link set t1 up
link set t2 up
link set t3 up
link set t4 up
link set t5 up
link set t6 up
link set t7 up
link set t8 up
link set t9 up
link set tq0 up
link set tq1 up
link set tq2 up
EOF

note '--- classless qdiscs'
run tc qdisc add dev t1 root handle 1: prio bands 3 priomap 1 2 2 2 1 2 0 0 1 1 1 1 1 1 1 1
run tc qdisc add dev t1 parent 1:1 handle 11: pfifo limit 50
run tc qdisc add dev t1 parent 1:2 handle 12: bfifo limit 30000
run tc qdisc add dev t1 parent 1:3 handle 13: pfifo_head_drop limit 20
run tc qdisc add dev t2 root netem delay 10ms 2ms 25% loss 1% 30% duplicate 1% reorder 5% 50% corrupt 0.1% rate 1mbit slot 800us 1ms limit 2000
run tc qdisc add dev t3 root cake bandwidth 100mbit diffserv4 triple-isolate nat ack-filter overhead 18 mpu 64 rtt 50ms
run tc qdisc add dev t4 root handle 1: sfq perturb 10 quantum 1514 limit 100 depth 64 headdrop
run tc qdisc replace dev t4 root red limit 400000 min 30000 max 90000 avpkt 1000 burst 55 bandwidth 10mbit probability 0.05 ecn adaptive
run tc -s qdisc show dev t4
run tc qdisc replace dev t4 root codel limit 1000 target 3ms interval 30ms ecn ce_threshold 1ms
run tc -s qdisc show dev t4
run tc qdisc replace dev t4 root fq limit 5000 flow_limit 50 quantum 3028 initial_quantum 15140 maxrate 1gbit buckets 512 refill_delay 20ms low_rate_threshold 500kbit ce_threshold 2ms horizon 5s horizon_drop
run tc -s qdisc show dev t4
run tc qdisc replace dev t4 root pie limit 500 target 20ms tupdate 30ms alpha 2 beta 20 ecn bytemode
run tc -s qdisc show dev t4
run tc qdisc replace dev t4 root fq_pie limit 2048 flows 512 target 10ms tupdate 20ms quantum 1600 memory_limit 16mb ecn_prob 20 ecn
run tc -s qdisc show dev t4
run tc qdisc replace dev t4 root hhf limit 500 quantum 1500 hh_limit 1024 reset_timeout 40ms admit_bytes 131072 evict_timeout 1s non_hh_weight 2
run tc -s qdisc show dev t4
run tc qdisc replace dev t4 root choke limit 1000 bandwidth 10mbit ecn min 100 max 300 avpkt 1000 burst 200
run tc -s qdisc show dev t4
run tc qdisc replace dev t4 root sfb rehash 600000 db 60000 limit 1000 max 25 target 20 increment 0.0005 decrement 0.0001 penalty_rate 10 penalty_burst 20
run tc -s qdisc show dev t4
run tc qdisc replace dev t4 root handle 1: gred setup vqs 4 default 0 grio
run tc qdisc change dev t4 root gred limit 60KB min 15KB max 45KB burst 20 avpkt 1000 bandwidth 10Mbit DP 0 probability 0.1 prio 1
run tc -s qdisc show dev t4
run tc qdisc replace dev t4 root skbprio limit 100
run tc qdisc replace dev t4 root plug limit 100
run tc qdisc change dev t4 root plug release_indefinite
run tc qdisc replace dev t4 root tbf rate 1mbit peakrate 2mbit burst 10kb latency 70ms mtu 2kb
run tc qdisc replace dev t4 root tbf rate 50gbit burst 100mb latency 10ms
run tc -s qdisc show dev t4
run tc qdisc replace dev t4 root etf clockid CLOCK_TAI delta 300000 deadline_mode
run tc qdisc replace dev t4 root cbs idleslope 98688 sendslope -901312 hicredit 153 locredit -1389 offload 0
run tc -s qdisc show dev t4
run tc qdisc del dev t4 root

note '--- multiqueue devices'
run tc qdisc add dev tq0 root handle 1: mqprio num_tc 2 map 0 0 1 1 0 0 0 0 0 0 0 0 0 0 0 0 queues 2@0 2@2 hw 0
run tc -s class show dev tq0
run tc qdisc add dev tq1 root multiq
run tc qdisc replace dev tq1 root mq
run tc qdisc add dev tq2 parent root handle 100 taprio num_tc 2 map 0 0 1 1 0 0 0 0 0 0 0 0 0 0 0 0 queues 2@0 2@2 base-time 1000000000 sched-entry S 01 300000 sched-entry S 02 300000 clockid CLOCK_TAI

note '--- classful qdiscs'
run tc qdisc add dev t5 root handle 1: hfsc default 10
run tc class add dev t5 parent 1: classid 1:10 hfsc rt m1 2mbit d 10ms m2 1mbit ls m2 1mbit ul m2 5mbit
run tc qdisc add dev t6 root handle 1: drr
run tc class add dev t6 parent 1: classid 1:1 drr quantum 1600
run tc qdisc add dev t6 parent 1:1 handle 2: sfq
run tc qdisc add dev t7 root handle 1: qfq
run tc class add dev t7 parent 1: classid 1:1 qfq weight 10 maxpkt 2000
run tc qdisc add dev t8 root handle 1: ets bands 4 strict 1 quanta 3000 2000 1000 priomap 0 1 2 3
run tc class change dev t8 classid 1:3 ets quantum 2500
run tc qdisc add dev t9 root handle 1: htb default 1 r2q 20 direct_qlen 50
run tc class add dev t9 parent 1: classid 1:1 htb rate 50gbit ceil 60gbit burst 100k cburst 100k prio 2 quantum 60000
run tc qdisc add dev t9 parent 1:1 handle 2: fq_codel limit 2000 flows 256 target 2ms interval 50ms ce_threshold 1ms quantum 1000 memory_limit 8mb noecn
run tc -s class show dev t5
run tc -s class show dev t6
run tc -s class show dev t7
run tc -s class show dev t8
run tc -s class show dev t9
run tc -s class show dev t3
run tc -s qdisc show dev t3
run tc -s qdisc show dev t2
run tc -d qdisc show

note '--- classifiers'
run tc qdisc add dev t1 clsact
run tc filter add dev t1 ingress protocol ip prio 1 handle 5 flower skip_hw dst_mac 02:00:00:00:00:01 src_mac 02:00:00:00:00:02/ff:ff:ff:00:00:00 ip_proto udp src_ip 10.0.0.0/8 dst_ip 192.0.2.1 src_port 1000-2000 dst_port 53 ip_tos 0x10/0xf0 ip_ttl 64 ip_flags frag/nofirstfrag action pass
run tc filter add dev t1 ingress protocol ipv6 prio 2 flower dst_ip 2001:db8::1 src_ip 2001:db8::/32 ip_proto icmpv6 type 128 code 0 action drop
run tc filter add dev t1 ingress protocol 802.1Q prio 3 flower vlan_id 100 vlan_prio 3 vlan_ethtype 802.1Q cvlan_id 200 cvlan_ethtype ip ip_proto tcp tcp_flags 0x02/0x12 action goto chain 5
run tc filter add dev t1 ingress protocol ip prio 4 chain 5 flower ct_state +trk+est ct_zone 5 ct_mark 0x10/0xff enc_key_id 42 enc_dst_ip 198.51.100.1 enc_src_ip 198.51.100.2 enc_dst_port 6081 enc_tos 0x10 enc_ttl 64 geneve_opts 0102:80:00112233 action continue
run tc filter add dev t1 ingress protocol arp prio 5 flower arp_op request arp_sip 10.0.0.1 arp_tip 10.0.0.0/24 arp_sha 02:00:00:00:00:03 action pass
run tc filter add dev t1 ingress protocol mpls_uc prio 6 flower mpls_label 100 mpls_tc 3 mpls_bos 1 mpls_ttl 64 action pass
run tc filter add dev t1 ingress protocol ip prio 7 flower ip_proto sctp dst_port 9 action pass
run tc chain add dev t1 ingress chain 9 flower dst_mac 00:00:00:00:00:00/ff:ff:ff:ff:ff:00
run tc chain show dev t1 ingress
xfail tc filter add dev t1 ingress chain 9 protocol all prio 1 flower dst_mac 02:00:00:00:00:00 action drop
run tc filter add dev t1 egress protocol ip prio 1 u32 match ip src 10.1.0.0/16 match ip protocol 6 0xff match mark 0x10 0xff action police rate 1mbit burst 10k conform-exceed drop/pass
run tc filter add dev t1 egress protocol ip prio 2 handle 2: u32 divisor 256
run tc filter add dev t1 egress protocol ip prio 2 u32 ht 800:: match ip dst 10.2.0.0/16 hashkey mask 0x000000ff at 16 link 2:
run tc filter add dev t1 egress protocol ip prio 2 u32 ht 2:7: match ip dst 10.2.0.7/32 action drop
run tc filter add dev t1 egress prio 3 bpf bytecode '1,6 0 0 4294967295,' action ok
run tc filter add dev t1 egress prio 4 basic match 'cmp(u8 at 9 layer network eq 6)' action pass
run tc filter add dev t1 egress prio 5 matchall skip_hw action sample rate 100 group 5 trunc 128
run tc filter add dev t1 parent 1: prio 6 protocol ip handle 7 fw classid 1:1 action pass
run tc filter add dev t1 parent 1: prio 7 protocol ip route to 10 classid 1:2
run tc filter add dev t1 parent 1: prio 8 protocol ip handle 8 flow hash keys src,dst,proto divisor 1024 baseclass 1:1 perturb 10
run tc filter add dev t1 parent 1: prio 9 protocol ip handle 9 flow map key mark addend 10 divisor 4
run tc filter add dev t1 parent 1: prio 10 handle 1: cgroup action pass
run tc -s filter show dev t1 ingress
run tc -s filter show dev t1 egress
run tc -s filter show dev t1 parent 1:
run tc -s filter show dev t1 ingress chain 5

note '--- standalone actions'
run tc actions add action gact drop random determ pass 10 index 101
run tc actions add action mirred ingress mirror dev t2 index 102
run tc actions add action police rate 2mbit burst 20k peakrate 4mbit mtu 2k conform-exceed pipe/drop index 103
run tc actions add action police pkts_rate 1000 pkts_burst 100 index 104
run tc actions add action skbedit priority 1:10 queue_mapping 2 mark 0x10/0xff ptype host index 105
run tc actions add action vlan push id 10 protocol 802.1ad priority 3 index 106
run tc actions add action vlan pop_eth index 107
run tc actions add action pedit ex munge ip ttl set 10 munge eth dst set 02:00:00:00:00:05 index 108
run tc actions add action pedit munge offset 0 u32 set 0x11223344 index 109
run tc actions add action tunnel_key set src_ip 198.51.100.1 dst_ip 198.51.100.2 id 42 dst_port 6081 tos 0x10 ttl 64 nocsum geneve_opts 0102:80:00112233 index 110
run tc actions add action tunnel_key set src_ip 2001:db8::1 dst_ip 2001:db8::2 id 7 dst_port 4789 vxlan_opts 0x800 index 111
run tc actions add action csum ip4h tcp udp index 112
run tc actions add action ct commit zone 5 mark 0x10/0xff nat src addr 192.0.2.1-192.0.2.10 port 1000-2000 index 113
run tc actions add action nat ingress 10.0.0.0/8 192.168.0.1 index 114
run tc actions add action sample rate 100 group 5 trunc 128 index 115
run tc actions add action connmark zone 3 index 116
run tc actions add action mpls push protocol mpls_uc label 100 tc 3 ttl 64 index 117
run tc actions add action skbmod set dmac 02:00:00:00:00:06 set etype 0x0800 index 118
run tc actions add action ctinfo dscp 0xfc000000 0x01000000 cpmark 0xffffffff zone 4 index 119
run tc actions add action gate priority 1 base-time 0 cycle-time 300000000 sched-entry open 200000000 -1 -1 sched-entry close 100000000 -1 -1 index 120
run tc actions add action ife encode allow mark dst 02:00:00:00:00:07 index 121
run tc actions add action simple sdata hello index 122
run tc actions add action bpf bytecode '1,6 0 0 4294967295,' index 123
for a in gact mirred police skbedit vlan pedit tunnel_key csum ct nat sample connmark mpls skbmod ctinfo gate ife simple bpf; do
  run tc -s actions list action "$a"
done
run tc actions get action gact index 101
run tc actions del action gact index 101
xfail tc actions del action gact index 101

note '--- teardown'
run tc filter del dev t1 ingress prio 1
run tc chain del dev t1 ingress chain 9
run tc qdisc del dev t1 clsact
for d in t1 t2 t3 t5 t6 t7 t8 t9 tq0 tq1 tq2; do run tc qdisc del dev "$d" root; done
fix_finish
