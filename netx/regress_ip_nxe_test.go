package netx_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
)

// TestRegressIPNXEAPI is netx_ip_nxe_api_test.c for the IP services nxsim
// has, built as the C test is (one physical interface): NULL and invalid
// instances, NULL out-pointers, interface indexes past the physical
// interfaces, broadcast addresses, undefined status bits, and nx_ip_create's
// pool, driver, stack size and priority checks. The invalid instance is one
// never created (the C test clears nx_ip_id). Left out: the services that
// are out of nxsim (address change notify, forwarding, interface detach and
// capabilities, max payload size, auxiliary pool, static routes, link
// status notify), the attach rows (built with two interfaces only) and
// _nxe_ip_create's control-block size.
func TestRegressIPNXEAPI(t *testing.T) {
	skipWithoutErrorChecking(t)
	runC(t, cConfig{payload: 256, poolBytes: 2048, mask: 0xFFFFF000}, time.Second, func(c *cTest) {
		var invalid netx.IP
		var invalidPool packetpool.Pool
		var address, mask, value, msw, lsw, mtu nx.ULONG
		var name string
		var v [10]nx.ULONG
		max := nx.UINT(netx.MaxPhysicalInterfaces)
		create := func(ip *netx.IP, address nx.ULONG, driver netx.Driver, stack []byte, priority nx.UINT) nx.Status {
			return netx.IPCreate(ip, "NetX IP Instance test", address, 0xFFFFFF00, &c.pool0, driver, stack, priority)
		}
		for _, r := range []struct {
			name string
			got  nx.Status
			want nx.Status
		}{
			{"create, broadcast address", create(&c.ip1, 0xFFFFFFFF, c.driver, make([]byte, 2048), 1), nx.NX_IP_ADDRESS_ERROR},
			{"create, NULL IP", create(nil, ip1Address, c.driver, make([]byte, 2048), 1), nx.NX_PTR_ERROR},
			{"create, NULL pool", netx.IPCreate(&c.ip1, "x", ip1Address, 0xFFFFFF00, nil, c.driver, make([]byte, 2048), 1), nx.NX_PTR_ERROR},
			{"create, pool never created", netx.IPCreate(&c.ip1, "x", ip1Address, 0xFFFFFF00, &invalidPool, c.driver, make([]byte, 2048), 1), nx.NX_PTR_ERROR},
			{"create, NULL driver", create(&c.ip1, ip1Address, nil, make([]byte, 2048), 1), nx.NX_PTR_ERROR},
			{"create, NULL stack", create(&c.ip1, ip1Address, c.driver, nil, 1), nx.NX_PTR_ERROR},
			{"create, stack below TX_MINIMUM_STACK", create(&c.ip1, ip1Address, c.driver, make([]byte, nx.TX_MINIMUM_STACK-1), 1), nx.NX_SIZE_ERROR},
			{"create, priority TX_MAX_PRIORITIES", create(&c.ip1, ip1Address, c.driver, make([]byte, 2048), nx.TX_MAX_PRIORITIES), nx.NX_OPTION_ERROR},
			{"create ip_0 again", create(&c.ip0, ip0Address, c.driver, make([]byte, 2048), 1), nx.NX_PTR_ERROR},
			{"address get, NULL IP", netx.IPAddressGet(nil, &address, &mask), nx.NX_PTR_ERROR},
			{"address get, invalid IP", netx.IPAddressGet(&invalid, &address, &mask), nx.NX_PTR_ERROR},
			{"address get, NULL address", netx.IPAddressGet(&c.ip0, nil, &mask), nx.NX_PTR_ERROR},
			{"address get, NULL mask", netx.IPAddressGet(&c.ip0, &address, nil), nx.NX_PTR_ERROR},
			{"address set, NULL IP", netx.IPAddressSet(nil, ip0Address, 0xFFFFFF00), nx.NX_PTR_ERROR},
			{"address set, invalid IP", netx.IPAddressSet(&invalid, ip0Address, 0xFFFFFF00), nx.NX_PTR_ERROR},
			{"address set, broadcast", netx.IPAddressSet(&c.ip0, 0xFFFFFFFF, 0xFFFFFF00), nx.NX_IP_ADDRESS_ERROR},
			{"address set 192.0.0.1", netx.IPAddressSet(&c.ip0, nx.IP_ADDRESS(192, 0, 0, 1), 0xFFFFFF00), nx.NX_SUCCESS},
			{"delete, NULL IP", netx.IPDelete(nil), nx.NX_PTR_ERROR},
			{"delete, invalid IP", netx.IPDelete(&invalid), nx.NX_PTR_ERROR},
			{"direct command, NULL IP", netx.IPDriverDirectCommand(nil, nx.NX_LINK_GET_STATUS, &value), nx.NX_PTR_ERROR},
			{"direct command, invalid IP", netx.IPDriverDirectCommand(&invalid, nx.NX_LINK_GET_STATUS, &value), nx.NX_PTR_ERROR},
			{"direct command, NULL return", netx.IPDriverDirectCommand(&c.ip0, nx.NX_LINK_GET_STATUS, nil), nx.NX_PTR_ERROR},
			{"interface direct command, NULL IP", netx.IPDriverInterfaceDirectCommand(nil, nx.NX_LINK_GET_STATUS, 0, &value), nx.NX_PTR_ERROR},
			{"interface direct command, invalid IP", netx.IPDriverInterfaceDirectCommand(&invalid, nx.NX_LINK_GET_STATUS, 0, &value), nx.NX_PTR_ERROR},
			{"interface direct command, NULL return", netx.IPDriverInterfaceDirectCommand(&c.ip0, nx.NX_LINK_GET_STATUS, 0, nil), nx.NX_PTR_ERROR},
			{"interface direct command, interface past the physical ones", netx.IPDriverInterfaceDirectCommand(&c.ip0, nx.NX_LINK_GET_STATUS, max, &value), nx.NX_INVALID_INTERFACE},
			{"fragment disable, NULL IP", netx.IPFragmentDisable(nil), nx.NX_PTR_ERROR},
			{"fragment disable, invalid IP", netx.IPFragmentDisable(&invalid), nx.NX_PTR_ERROR},
			{"fragment enable, invalid IP", netx.IPFragmentEnable(&invalid), nx.NX_PTR_ERROR},
			{"gateway clear, NULL IP", netx.IPGatewayAddressClear(nil), nx.NX_PTR_ERROR},
			{"gateway clear, invalid IP", netx.IPGatewayAddressClear(&invalid), nx.NX_PTR_ERROR},
			{"gateway get, NULL IP", netx.IPGatewayAddressGet(nil, &address), nx.NX_PTR_ERROR},
			{"gateway get, invalid IP", netx.IPGatewayAddressGet(&invalid, &address), nx.NX_PTR_ERROR},
			{"gateway get, NULL address", netx.IPGatewayAddressGet(&c.ip0, nil), nx.NX_PTR_ERROR},
			{"gateway set, NULL IP", netx.IPGatewayAddressSet(nil, nx.IP_ADDRESS(1, 2, 3, 1)), nx.NX_PTR_ERROR},
			{"gateway set, invalid IP", netx.IPGatewayAddressSet(&invalid, nx.IP_ADDRESS(1, 2, 3, 1)), nx.NX_PTR_ERROR},
			{"gateway set 0", netx.IPGatewayAddressSet(&c.ip0, 0), nx.NX_IP_ADDRESS_ERROR},
			{"info get, NULL IP", netx.IPInfoGet(nil, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9]), nx.NX_PTR_ERROR},
			{"info get, invalid IP", netx.IPInfoGet(&invalid, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9]), nx.NX_PTR_ERROR},
			{"interface address get, NULL IP", netx.IPInterfaceAddressGet(nil, 0, &address, &mask), nx.NX_PTR_ERROR},
			{"interface address get, invalid IP", netx.IPInterfaceAddressGet(&invalid, 0, &address, &mask), nx.NX_PTR_ERROR},
			{"interface address get, NULL address", netx.IPInterfaceAddressGet(&c.ip0, 0, nil, &mask), nx.NX_PTR_ERROR},
			{"interface address get, NULL mask", netx.IPInterfaceAddressGet(&c.ip0, 0, &address, nil), nx.NX_PTR_ERROR},
			{"interface address get, index past the physical ones", netx.IPInterfaceAddressGet(&c.ip0, max, &address, &mask), nx.NX_INVALID_INTERFACE},
			{"interface address get, interface 1", netx.IPInterfaceAddressGet(&c.ip0, 1, &address, &mask), nx.NX_INVALID_INTERFACE},
			{"address mapping, NULL IP", netx.IPInterfaceAddressMappingConfigure(nil, 0, nx.NX_FALSE), nx.NX_PTR_ERROR},
			{"address mapping, invalid IP", netx.IPInterfaceAddressMappingConfigure(&invalid, 0, nx.NX_FALSE), nx.NX_PTR_ERROR},
			{"address mapping, index past the physical ones", netx.IPInterfaceAddressMappingConfigure(&c.ip0, max, nx.NX_FALSE), nx.NX_INVALID_INTERFACE},
			{"interface address set 128.0.0.1", netx.IPInterfaceAddressSet(&c.ip0, 0, nx.IP_ADDRESS(128, 0, 0, 1), 0xFFFFFF00), nx.NX_SUCCESS},
			{"interface address set 192.0.0.1", netx.IPInterfaceAddressSet(&c.ip0, 0, nx.IP_ADDRESS(192, 0, 0, 1), 0xFFFFFF00), nx.NX_SUCCESS},
			{"interface address set, NULL IP", netx.IPInterfaceAddressSet(nil, 0, ip0Address, 0xFFFFFF00), nx.NX_PTR_ERROR},
			{"interface address set, invalid IP", netx.IPInterfaceAddressSet(&invalid, 0, ip0Address, 0xFFFFFF00), nx.NX_PTR_ERROR},
			{"interface address set, broadcast", netx.IPInterfaceAddressSet(&c.ip0, 0, 0xFFFFFFFF, 0xFFFFFF00), nx.NX_IP_ADDRESS_ERROR},
			{"interface address set, index past the physical ones", netx.IPInterfaceAddressSet(&c.ip0, max, ip0Address, 0xFFFFFF00), nx.NX_INVALID_INTERFACE},
			{"interface address set, interface 1", netx.IPInterfaceAddressSet(&c.ip0, 1, ip0Address, 0xFFFFFF00), nx.NX_INVALID_INTERFACE},
			{"interface info get, NULL IP", netx.IPInterfaceInfoGet(nil, 0, &name, &address, &mask, &mtu, &msw, &lsw), nx.NX_PTR_ERROR},
			{"interface info get, invalid IP", netx.IPInterfaceInfoGet(&invalid, 0, &name, &address, &mask, &mtu, &msw, &lsw), nx.NX_PTR_ERROR},
			{"interface info get, index past the physical ones", netx.IPInterfaceInfoGet(&c.ip0, max, &name, &address, &mask, &mtu, &msw, &lsw), nx.NX_INVALID_INTERFACE},
			{"MTU set, NULL IP", netx.IPInterfaceMTUSet(nil, 0, 512), nx.NX_PTR_ERROR},
			{"MTU set, invalid IP", netx.IPInterfaceMTUSet(&invalid, 0, 512), nx.NX_PTR_ERROR},
			{"MTU set, index past the physical ones", netx.IPInterfaceMTUSet(&c.ip0, max, 512), nx.NX_INVALID_INTERFACE},
			{"physical address get, NULL IP", netx.IPInterfacePhysicalAddressGet(nil, 0, &msw, &lsw), nx.NX_PTR_ERROR},
			{"physical address get, invalid IP", netx.IPInterfacePhysicalAddressGet(&invalid, 0, &msw, &lsw), nx.NX_PTR_ERROR},
			{"physical address get, NULL msw", netx.IPInterfacePhysicalAddressGet(&c.ip0, 0, nil, &lsw), nx.NX_PTR_ERROR},
			{"physical address get, NULL lsw", netx.IPInterfacePhysicalAddressGet(&c.ip0, 0, &msw, nil), nx.NX_PTR_ERROR},
			{"physical address get, index past the physical ones", netx.IPInterfacePhysicalAddressGet(&c.ip0, max, &msw, &lsw), nx.NX_INVALID_INTERFACE},
			{"physical address set, NULL IP", netx.IPInterfacePhysicalAddressSet(nil, 0, 0x0011, 0x22334457, nx.NX_TRUE), nx.NX_PTR_ERROR},
			{"physical address set, invalid IP", netx.IPInterfacePhysicalAddressSet(&invalid, 0, 0x0011, 0x22334457, nx.NX_TRUE), nx.NX_PTR_ERROR},
			{"physical address set, index past the physical ones", netx.IPInterfacePhysicalAddressSet(&c.ip0, max, 0x0011, 0x22334457, nx.NX_TRUE), nx.NX_INVALID_INTERFACE},
			{"interface status check, NULL IP", netx.IPInterfaceStatusCheck(nil, 0, nx.NX_IP_RARP_COMPLETE, &value, nx.NX_NO_WAIT), nx.NX_PTR_ERROR},
			{"interface status check, invalid IP", netx.IPInterfaceStatusCheck(&invalid, 0, nx.NX_IP_RARP_COMPLETE, &value, nx.NX_NO_WAIT), nx.NX_PTR_ERROR},
			{"interface status check, NULL status", netx.IPInterfaceStatusCheck(&c.ip0, 0, nx.NX_IP_RARP_COMPLETE, nil, nx.NX_NO_WAIT), nx.NX_PTR_ERROR},
			{"interface status check, index past the physical ones", netx.IPInterfaceStatusCheck(&c.ip0, max, nx.NX_IP_RARP_COMPLETE, &value, nx.NX_NO_WAIT), nx.NX_INVALID_INTERFACE},
			{"interface status check, interface 1", netx.IPInterfaceStatusCheck(&c.ip0, 1, nx.NX_IP_RARP_COMPLETE, &value, nx.NX_NO_WAIT), nx.NX_INVALID_INTERFACE},
			{"interface status check, undefined bit", netx.IPInterfaceStatusCheck(&c.ip0, 0, 0x8000, &value, nx.NX_NO_WAIT), nx.NX_OPTION_ERROR},
			{"status check, NULL IP", netx.IPStatusCheck(nil, nx.NX_IP_RARP_COMPLETE, &value, nx.NX_NO_WAIT), nx.NX_PTR_ERROR},
			{"status check, invalid IP", netx.IPStatusCheck(&invalid, nx.NX_IP_RARP_COMPLETE, &value, nx.NX_NO_WAIT), nx.NX_PTR_ERROR},
			{"status check, NULL status", netx.IPStatusCheck(&c.ip0, nx.NX_IP_RARP_COMPLETE, nil, nx.NX_NO_WAIT), nx.NX_PTR_ERROR},
			{"status check, undefined bit", netx.IPStatusCheck(&c.ip0, 0x8000, &value, nx.NX_NO_WAIT), nx.NX_OPTION_ERROR},
		} {
			c.status(r.got, r.want, r.name)
		}
	}, nil)
}
